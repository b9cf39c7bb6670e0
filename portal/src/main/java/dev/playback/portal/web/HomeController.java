package dev.playback.portal.web;

import dev.playback.portal.signin.PortalUser;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** {@code /}: each kind of user's first page. */
@Controller
class HomeController {

	@GetMapping("/")
	String home(@AuthenticationPrincipal PortalUser user) {
		return "redirect:" + user.home();
	}

}
