package dev.billing.gateway.ui;

import dev.billing.events.access.DocumentLinks;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.tomcat.util.http.fileupload.FileItemIterator;
import org.apache.tomcat.util.http.fileupload.FileItemStream;
import org.apache.tomcat.util.http.fileupload.FileUpload;
import org.apache.tomcat.util.http.fileupload.servlet.ServletRequestContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.support.DefaultMultipartHttpServletRequest;

/**
 * The dispute forms with files: the portal's (no script runs there, so the browser posts the form itself) and the
 * staff's. The gateway forwards the API routes' uploads unparsed and has no multipart resolver; these few forms alone
 * are parsed here, before the security filters (so that a staff form's CSRF token, a field of the form, is read),
 * and only when they carry a credential: a valid portal link in the path, or a signed-in staff session. Files go to
 * temporary files (deleted when the request ends), at most {@link #MAX_FILE} each and {@link #MAX_REQUEST} in all: 5 files of
 * 10 MB pass, and dispute-service applies its exact limits and types. A form over the gateway's limits reaches its
 * page with {@link #REFUSED} set (a message key), and the rest of the body is read, so that the browser sees the page.
 */
@Configuration(proxyBeanMethods = false)
class DisputeUploads {
    /** A file's most bytes here; dispute-service refuses above 10 MB with its own message. */
    static final long MAX_FILE = 11L * 1024 * 1024;
    /** A form's most bytes: 5 files of 10 MB and the fields. */
    static final long MAX_REQUEST = 5 * MAX_FILE + 1024 * 1024;
    /** Files the gateway takes in one form (the service allows 5: the sixth is refused by it, with its message). */
    static final int MAX_FILES = 6;
    /** The request attribute naming (by message key) why the gateway did not take the form's files. */
    static final String REFUSED = DisputeUploads.class.getName() + ".refused";
    private static final Pattern PORTAL = Pattern.compile("^/p/([^/]+)/(?:disputes|disputes/[^/]+/messages)$");
    private static final Pattern STAFF = Pattern.compile("^/disputes/[^/]+/messages$");

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> disputeUploadForms(
            @Value("${LINK_SIGNING_KEYS:" + DocumentLinks.LOCAL_ONLY_KEY + "}") String keys, Clock gatewayClock) {
        DocumentLinks links = DocumentLinks.withKeys(keys);
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                String type = request.getContentType();
                return !"POST".equals(request.getMethod()) || type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data");
            }

            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                String path = request.getRequestURI().substring(request.getContextPath().length());
                Matcher portal = PORTAL.matcher(path);
                boolean credential = portal.matches()
                        ? links.open(portal.group(1), gatewayClock.instant()).filter(d -> d.kind().payment()).isPresent()
                        : STAFF.matcher(path).matches() && signedIn(request);
                if (!credential) {
                    // a staff form without a signed-in session gets the CSRF refusal or the sign-in page, a foreign link the
                    // invalid page: nothing is read
                    chain.doFilter(request, response);
                    return;
                }
                Parsed parsed = parse(request);
                try {
                    if (parsed.refused != null) {
                        request.setAttribute(REFUSED, parsed.refused);
                    }
                    chain.doFilter(new DefaultMultipartHttpServletRequest(request, parsed.files, parsed.fields, Map.of()), response);
                } finally {
                    for (Path file : parsed.temporary) {
                        Files.deleteIfExists(file);
                    }
                }
            }
        });
        registration.setUrlPatterns(List.of("/p/*", "/disputes/*"));
        // before Spring Security's filters (-100), which read the staff form's CSRF token
        registration.setOrder(-110);
        return registration;
    }

    /**
     * Whether the request's session holds a signed-in staff member: any session will not do, as the sign-in page's CSRF
     * token gives an anonymous client one. (The security filters, after this one, still decide what the user may do.)
     */
    static boolean signedIn(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Object context = session == null ? null
                : session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
        Authentication user = context instanceof SecurityContext security ? security.getAuthentication() : null;
        return user != null && user.isAuthenticated() && !(user instanceof AnonymousAuthenticationToken);
    }

    private static final class Parsed {
        final Map<String, String[]> fields = new LinkedHashMap<>();
        final MultiValueMap<String, MultipartFile> files = new LinkedMultiValueMap<>();
        final List<Path> temporary = new ArrayList<>();
        String refused;
    }

    private static Parsed parse(HttpServletRequest request) throws IOException {
        Parsed parsed = new Parsed();
        Map<String, List<String>> fields = new LinkedHashMap<>();
        FileUpload upload = new FileUpload();
        upload.setSizeMax(MAX_REQUEST);
        upload.setHeaderEncoding(StandardCharsets.UTF_8.name());
        int files = 0;
        try {
            FileItemIterator items = upload.getItemIterator(new ServletRequestContext(request));
            while (items.hasNext()) {
                FileItemStream item = items.next();
                try (InputStream in = item.openStream()) {
                    if (item.isFormField()) {
                        byte[] value = in.readNBytes(64 * 1024);
                        in.transferTo(OutputStream.nullOutputStream());
                        fields.computeIfAbsent(item.getFieldName(), f -> new ArrayList<>()).add(new String(value, StandardCharsets.UTF_8));
                    } else if (item.getName() == null || item.getName().isBlank()) {
                        // an empty file input
                        in.transferTo(OutputStream.nullOutputStream());
                    } else if (++files > MAX_FILES) {
                        parsed.refused = "disputes.tooManyFiles";
                        in.transferTo(OutputStream.nullOutputStream());
                    } else {
                        Path file = Files.createTempFile("dispute-upload", ".part");
                        parsed.temporary.add(file);
                        long size;
                        try (OutputStream out = Files.newOutputStream(file)) {
                            size = in.transferTo(new Capped(out, MAX_FILE));
                        }
                        if (size > MAX_FILE) {
                            parsed.refused = "disputes.fileTooLarge";
                        } else {
                            parsed.files.add(item.getFieldName(), new UploadedFile(item.getFieldName(), fileName(item.getName()),
                                    item.getContentType(), file, size));
                        }
                    }
                }
            }
        } catch (IOException tooLargeOrBroken) {
            // FileUploadException among them: over MAX_REQUEST, or not a well-formed form
            parsed.refused = "disputes.uploadTooLarge";
        }
        fields.forEach((name, values) -> parsed.fields.put(name, values.toArray(String[]::new)));
        return parsed;
    }

    /** The name without the folders some browsers send with it. */
    private static String fileName(String name) {
        String plain = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1).strip();
        return plain.isEmpty() ? "file" : plain;
    }

    /** Writes at most {@code cap} bytes on, counting (and dropping) the rest. */
    private static final class Capped extends java.io.FilterOutputStream {
        private final long cap;
        private long written;

        Capped(OutputStream out, long cap) {
            super(out);
            this.cap = cap;
        }

        @Override
        public void write(int b) throws IOException {
            if (written++ < cap) {
                out.write(b);
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            long room = Math.max(0, cap - written);
            if (room > 0) {
                out.write(bytes, offset, (int) Math.min(room, length));
            }
            written += length;
        }
    }

    /** A file of the form, in its temporary file. */
    private record UploadedFile(String name, String originalName, String type, Path file, long size) implements MultipartFile {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public String getOriginalFilename() {
            return originalName;
        }

        @Override
        public String getContentType() {
            return type == null ? "application/octet-stream" : type;
        }

        @Override
        public boolean isEmpty() {
            return size == 0;
        }

        @Override
        public long getSize() {
            return size;
        }

        @Override
        public byte[] getBytes() throws IOException {
            return Files.readAllBytes(file);
        }

        @Override
        public InputStream getInputStream() throws IOException {
            return Files.newInputStream(file);
        }

        @Override
        public void transferTo(java.io.File dest) throws IOException {
            Files.copy(file, dest.toPath(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
