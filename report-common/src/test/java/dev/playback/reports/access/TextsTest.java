package dev.playback.reports.access;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextsTest {

	@Test
	void anyUnicodeTextIsValid() {
		assertThat(Texts.isValid("Studio Ω — 映画 😀 \u202Eevil")).isTrue();
		assertThat(Texts.isValid("")).isTrue();
	}

	@Test
	void controlCharactersAndLoneSurrogatesAreNot() {
		assertThat(Texts.isValid("a\u0000b")).isFalse();
		assertThat(Texts.isValid("tab\there")).isFalse();
		assertThat(Texts.isValid("new\nline")).isFalse();
		assertThat(Texts.isValid("del\u007F")).isFalse();
		assertThat(Texts.isValid("c1\u0085")).isFalse();
		assertThat(Texts.isValid("\uD800")).isFalse();
		assertThat(Texts.isValid("x\uDC00y")).isFalse();
		assertThat(Texts.isValid("\uD83D\uDE00\uD83D")).isFalse();
		assertThat(Texts.isValid(null)).isFalse();
	}

}
