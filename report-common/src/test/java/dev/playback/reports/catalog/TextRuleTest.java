package dev.playback.reports.catalog;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextRuleTest {

	@Test
	void anyUnicodeTextIsValid() {
		assertThat(TextRule.isValid("Studio Ω — 映画 😀 \u202Eevil")).isTrue();
		assertThat(TextRule.isValid("")).isTrue();
	}

	@Test
	void controlCharactersAndLoneSurrogatesAreNot() {
		assertThat(TextRule.isValid("a\u0000b")).isFalse();
		assertThat(TextRule.isValid("tab\there")).isFalse();
		assertThat(TextRule.isValid("new\nline")).isFalse();
		assertThat(TextRule.isValid("del\u007F")).isFalse();
		assertThat(TextRule.isValid("c1\u0085")).isFalse();
		assertThat(TextRule.isValid("\uD800")).isFalse();
		assertThat(TextRule.isValid("x\uDC00y")).isFalse();
		assertThat(TextRule.isValid("\uD83D\uDE00\uD83D")).isFalse();
		assertThat(TextRule.isValid(null)).isFalse();
	}

}
