package dev.playback.portal.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.playback.portal.signin.PortalUser;
import dev.playback.portal.suite.SuiteException;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What every page needs (who is signed in), and errors a person can act on, as pages:
 * what was not found, which service is not answering, why a question was refused; no
 * stack traces. A key the services stopped accepting ends the session.
 */
@ControllerAdvice
class PortalErrors {

	private static final Logger log = LoggerFactory.getLogger(PortalErrors.class);

	/** Who is signed in, for every page's header (null on the sign-in page). */
	@ModelAttribute("user")
	PortalUser user(@AuthenticationPrincipal PortalUser user) {
		return user;
	}

	@ExceptionHandler
	String notFound(SuiteException.NotFound ex, HttpServletResponse response, Model model) {
		response.setStatus(HttpServletResponse.SC_NOT_FOUND);
		return problem(model, "Not found",
				(ex.getMessage() != null && !ex.getMessage().isBlank()) ? ex.getMessage() : "There is no such page.");
	}

	@ExceptionHandler
	String unavailable(SuiteException.Unavailable ex, HttpServletResponse response, Model model) {
		log.warn("Page not shown: {}", ex.getMessage());
		response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
		model.addAttribute("service", ex.service().displayName());
		return problem(model, ex.service().displayName() + " is not available",
				ex.getMessage() + ", so these figures cannot be shown right now. Try again in a moment.");
	}

	@ExceptionHandler
	String refused(SuiteException.Refused ex, HttpServletResponse response, Model model) {
		response.setStatus(ex.status());
		return problem(model, "The figures cannot be shown", ex.getMessage());
	}

	@ExceptionHandler
	String badQuery(BadQueryException ex, HttpServletResponse response, Model model) {
		response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
		return problem(model, "Please check the form", ex.getMessage());
	}

	@ExceptionHandler
	String keyRejected(SuiteException.KeyRejected ex, HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session != null) {
			session.invalidate();
		}
		SecurityContextHolder.clearContext();
		return "redirect:/signin?rejected";
	}

	private static String problem(Model model, String title, String detail) {
		model.addAttribute("title", title);
		model.addAttribute("detail", detail);
		return "problem";
	}

}
