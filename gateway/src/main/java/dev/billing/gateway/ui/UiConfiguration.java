package dev.billing.gateway.ui;

import dev.billing.gateway.staff.StaffPrincipal;
import java.time.Duration;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * The UI speaks Turkish, English and Hungarian (messages*.properties): the browser's language first, then the
 * one the user picks ({@code ?lang=tr|en|hu}, kept in a cookie).
 */
@Configuration(proxyBeanMethods = false)
class UiConfiguration implements WebMvcConfigurer {

    @Bean
    LocaleResolver localeResolver() {
        CookieLocaleResolver resolver = new CookieLocaleResolver("ui-lang");
        resolver.setCookieMaxAge(Duration.ofDays(365));
        resolver.setDefaultLocaleFunction(request -> {
            Locale browser = request.getLocale();
            return browser != null && java.util.List.of("tr", "hu", "en").contains(browser.getLanguage()) ? browser : Locale.ENGLISH;
        });
        return resolver;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor change = new LocaleChangeInterceptor();
        change.setParamName("lang");
        change.setIgnoreInvalidLocale(true);
        registry.addInterceptor(change);
    }

    /** Every page knows who is signed in, to show their name and only the actions their roles allow. */
    @ControllerAdvice(basePackageClasses = UiConfiguration.class)
    static class SignedInUser {
        @ModelAttribute
        void user(@AuthenticationPrincipal StaffPrincipal user, Model model) {
            if (user != null) {
                model.addAttribute("me", user).addAttribute("roles", user.staffRoles().stream().map(Enum::name).sorted().toList());
            }
        }
    }
}
