package dev.billing.notification.email;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;

/**
 * Who the customers' emails come from, as the agency's settings say: its name ({@code AGENCY_NAME}), its contact
 * details ({@code AGENCY_CONTACT}, lines separated by {@code |}) and its logo ({@code AGENCY_LOGO_FILE}, a PNG or JPEG
 * file, or {@code classpath:...}; none: the name stands in the header instead). The logo is read once at start: a
 * missing file stops the service rather than every email going out without it.
 */
@Component
public class Agency {
    private final String name;
    private final List<String> contact;
    private final byte[] logo;
    private final String logoType;

    Agency(@Value("${AGENCY_NAME:Billing Platform}") String name, @Value("${AGENCY_CONTACT:}") String contact,
           @Value("${AGENCY_LOGO_FILE:}") String logoFile, ResourceLoader resources) {
        this.name = name.strip();
        this.contact = contact.isBlank() ? List.of() : List.of(contact.split("\\|")).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (logoFile.isBlank()) {
            this.logo = null;
            this.logoType = null;
        } else {
            Resource resource = logoFile.contains(":") && !logoFile.matches("^[A-Za-z]:\\\\.*") ? resources.getResource(logoFile)
                    : new FileSystemResource(logoFile);
            String lower = logoFile.toLowerCase(java.util.Locale.ROOT);
            this.logoType = lower.endsWith(".png") ? "image/png" : lower.endsWith(".jpg") || lower.endsWith(".jpeg") ? "image/jpeg" : null;
            if (logoType == null) {
                throw new IllegalStateException("AGENCY_LOGO_FILE must be a .png, .jpg or .jpeg file, not " + logoFile);
            }
            try {
                this.logo = resource.getContentAsByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException("AGENCY_LOGO_FILE " + logoFile + " cannot be read", e);
            }
        }
    }

    public String name() {
        return name;
    }

    public List<String> contact() {
        return contact;
    }

    /** The logo's bytes, or null when there is none. */
    byte[] logo() {
        return logo;
    }

    String logoType() {
        return logoType;
    }
}
