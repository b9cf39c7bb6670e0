package dev.playback.portal.web;

import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Chart options as the JSON a page's {@code data-chart} attribute carries (the
 * attribute's escaping keeps titles that look like markup harmless; portal.js draws them
 * with ECharts' SVG renderer).
 */
@Component
public class Charts {

	private final JsonMapper json;

	Charts(JsonMapper json) {
		this.json = json;
	}

	public String json(Map<String, Object> options) {
		return this.json.writeValueAsString(options);
	}

}
