package dev.playback.portal.operator;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import dev.playback.portal.PortalProperties;
import dev.playback.portal.signin.PortalUser;
import dev.playback.portal.suite.Api.Health;
import dev.playback.portal.suite.Service;
import dev.playback.portal.suite.SuiteClient;
import dev.playback.portal.suite.SuiteException;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The operator's overview: the catalog at a glance (license holders, advertisers), each
 * service's health and API documentation, and the way to Grafana. Other keys find no such
 * page.
 */
@Controller
class OperatorController {

	private final SuiteClient suite;

	private final URI grafana;

	OperatorController(SuiteClient suite, PortalProperties properties) {
		this.suite = suite;
		this.grafana = (properties.grafanaUrl() != null && !properties.grafanaUrl().toString().isBlank())
				? properties.grafanaUrl() : null;
	}

	/**
	 * A service's line on the page.
	 *
	 * @param health its health
	 * @param apiDocs its Swagger UI
	 */
	record ServiceView(Health health, URI apiDocs) {
	}

	@GetMapping("/operator")
	String page(@AuthenticationPrincipal PortalUser user, Model model) {
		if (!user.isOperator()) {
			throw new SuiteException.NotFound(Service.ROYALTY, "No such page");
		}
		List<ServiceView> services = new ArrayList<>();
		for (Service service : Service.values()) {
			services.add(new ServiceView(this.suite.health(service), this.suite.apiDocs(service)));
		}
		model.addAttribute("services", services);
		model.addAttribute("grafana", this.grafana);
		try {
			model.addAttribute("holders", this.suite.holders(user.key()));
		}
		catch (SuiteException.Unavailable ex) {
			model.addAttribute("holdersError", ex.getMessage());
		}
		try {
			model.addAttribute("advertisers", this.suite.advertisers(user.key()));
		}
		catch (SuiteException.Unavailable ex) {
			model.addAttribute("advertisersError", ex.getMessage());
		}
		return "operator";
	}

}
