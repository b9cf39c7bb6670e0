package dev.playback.portal;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * Sessions, CSRF and headers: everything but the sign-in page, the static files and the
 * health and metrics endpoints needs a signed-in session; every form carries a CSRF token
 * (Spring Security's, checked on each POST); sign-out ends the session and its cookie; a
 * session idle for {@code server.servlet.session.timeout} is gone and the next page says
 * so. Pages may load scripts from the portal only (no inline scripts).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

	static final String COOKIE = "PORTAL_SESSION";

	@Bean
	SecurityContextRepository securityContextRepository() {
		return new HttpSessionSecurityContextRepository();
	}

	@Bean
	SecurityFilterChain portal(HttpSecurity http, SecurityContextRepository contexts) throws Exception {
		http.authorizeHttpRequests((requests) -> requests
			.requestMatchers("/signin", "/css/**", "/js/**", "/webjars/**", "/favicon.ico", "/error",
					"/actuator/health/**", "/actuator/info", "/actuator/prometheus")
			.permitAll()
			.anyRequest()
			.authenticated())
			.formLogin(AbstractHttpConfigurer::disable)
			.httpBasic(AbstractHttpConfigurer::disable)
			.securityContext((context) -> context.securityContextRepository(contexts))
			.exceptionHandling((exceptions) -> exceptions
				.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/signin")))
			.sessionManagement((sessions) -> sessions.invalidSessionUrl("/signin?expired"))
			.logout((logout) -> logout.logoutUrl("/signout")
				.logoutSuccessUrl("/signin?signedOut")
				.invalidateHttpSession(true)
				.deleteCookies(COOKIE))
			.headers((headers) -> headers
				// ECharts sizes its SVG with style attributes: inline styles, never
				// inline scripts
				.contentSecurityPolicy((csp) -> csp.policyDirectives("default-src 'self'; script-src 'self'; "
						+ "style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
						+ "frame-ancestors 'none'; form-action 'self'"))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.NO_REFERRER)));
		return http.build();
	}

	/**
	 * No user names or passwords: keys are checked by the services (no generated user).
	 */
	@Bean
	UserDetailsService noUsers() {
		return new InMemoryUserDetailsManager();
	}

}
