package dev.billing.gateway.staff;

import dev.billing.events.access.Role;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * The first ADMIN, so that someone can sign in and create the others: {@code PLATFORM_ADMIN_USERNAME}
 * (default {@code admin}) with {@code PLATFORM_ADMIN_PASSWORD}, created at start if missing, and given that
 * password, the ADMIN role and sign-in back if someone took them away (the variables are the way back in).
 * Without a password (local runs only; production refuses to start) one is generated and logged.
 */
@Component
class BootstrapAdmin implements ApplicationRunner {
    private static final Logger log = LoggerFactory.getLogger(BootstrapAdmin.class);
    private final ManagingStaff staff;
    private final StaffUsers users;
    private final PasswordEncoder passwords;
    private final String username;
    private final String password;

    BootstrapAdmin(ManagingStaff staff, StaffUsers users, PasswordEncoder passwords,
                   @Value("${PLATFORM_ADMIN_USERNAME:admin}") String username, @Value("${PLATFORM_ADMIN_PASSWORD:}") String password) {
        this.staff = staff;
        this.users = users;
        this.passwords = passwords;
        this.username = username;
        this.password = password;
    }

    @Override
    public void run(ApplicationArguments args) {
        String effective = password;
        if (effective.isBlank()) {
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            effective = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            log.warn("PLATFORM_ADMIN_PASSWORD is not set: the admin user {} signs in with the generated password {}", username, effective);
        }
        String chosen = effective;
        users.find(username).ifPresentOrElse(admin -> {
            if (!passwords.matches(chosen, admin.passwordHash())) {
                staff.resetPassword(username, chosen);
            }
            if (!admin.roles().contains(Role.ADMIN) || !admin.enabled()) {
                EnumSet<Role> roles = EnumSet.of(Role.ADMIN);
                roles.addAll(admin.roles());
                staff.change(username, new ManagingStaff.Change(null, roles.stream().map(Role::name).toList(), true));
            }
        }, () -> staff.create(new ManagingStaff.NewUser(username, "Administrator", chosen, List.of(Role.ADMIN.name()))));
        log.info("Admin user {} is ready", username);
    }
}
