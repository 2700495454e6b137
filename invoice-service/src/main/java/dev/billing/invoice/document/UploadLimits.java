package dev.billing.invoice.document;

import jakarta.servlet.MultipartConfigElement;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Multipart limits for attachments: 10 MB a file instead of Boot's 1 MB, a little more for the whole
 * request (part headers, boundaries). Boot hands this bean to the dispatcher servlet in place of the
 * one it would build from {@code spring.servlet.multipart.*}.
 */
@Configuration
public class UploadLimits {
    private static final long MAX_REQUEST_SIZE = AttachmentController.MAX_FILE_SIZE + 1024 * 1024;

    @Bean
    MultipartConfigElement multipartConfigElement() {
        return new MultipartConfigElement("", AttachmentController.MAX_FILE_SIZE, MAX_REQUEST_SIZE, 0);
    }
}
