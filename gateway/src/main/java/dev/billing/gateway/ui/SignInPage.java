package dev.billing.gateway.ui;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The login form; Spring Security handles its POST (CSRF token, lockout, session). */
@Controller
class SignInPage {
    @GetMapping("/login")
    String login() {
        return "login";
    }
}
