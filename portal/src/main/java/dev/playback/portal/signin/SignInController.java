package dev.playback.portal.signin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Sign-in with a key: a license holder's, an advertiser's or the operator's. The key goes
 * in a POST body only; once a service says whose it is, it is kept in the server-side
 * session (a new session id) and the browser holds nothing but the session cookie.
 */
@Controller
class SignInController {

	private final KeyCheck keys;

	private final SecurityContextRepository contexts;

	SignInController(KeyCheck keys, SecurityContextRepository contexts) {
		this.keys = keys;
		this.contexts = contexts;
	}

	@GetMapping("/signin")
	String page(HttpServletRequest request, Model model) {
		if (request.getParameter("expired") != null) {
			model.addAttribute("notice", "Your session expired after 30 minutes without activity. Sign in again.");
		}
		else if (request.getParameter("signedOut") != null) {
			model.addAttribute("notice", "You are signed out.");
		}
		else if (request.getParameter("rejected") != null) {
			model.addAttribute("notice", "Your key is no longer accepted by the suite. Sign in with your new key.");
		}
		return "signin";
	}

	@PostMapping("/signin")
	String signIn(@RequestParam(defaultValue = "") String key, HttpServletRequest request, HttpServletResponse response,
			Model model) {
		PortalUser user;
		try {
			if (key.isBlank()) {
				throw new KeyCheck.Refused("Enter your key.");
			}
			user = this.keys.check(key.strip());
		}
		catch (KeyCheck.Refused ex) {
			model.addAttribute("error", ex.getMessage());
			response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
			return "signin";
		}
		// a new session id for the signed-in session (no fixation)
		request.getSession();
		request.changeSessionId();
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, user.authorities()));
		SecurityContextHolder.setContext(context);
		this.contexts.saveContext(context, request, response);
		return "redirect:" + user.home();
	}

}
