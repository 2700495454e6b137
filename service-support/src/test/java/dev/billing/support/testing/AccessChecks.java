package dev.billing.support.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billing.events.access.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;

/**
 * What every service's security must do, checked over HTTP against the running service: a call without a
 * valid token is a 401, and each role may call exactly the endpoints that the README's permission table
 * gives it (the table is read from README.md, so README and behaviour cannot drift apart).
 */
public final class AccessChecks {
    private static final String TABLE_START = "<!-- permission-table:start -->";
    private static final String TABLE_END = "<!-- permission-table:end -->";

    private AccessChecks() {
    }

    /** One row of the README's table: which roles may call {@code method path} on {@code service}. */
    public record Permission(String service, String method, String path, Set<Role> roles) {
        public String concretePath() {
            return path.replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
        }
    }

    /** A missing, expired, foreign-issuer or foreign-key token is refused with 401; a valid one of {@code reader} passes. */
    public static void assertRefusesCallsWithoutAValidToken(String baseUrl, String readPath, Role reader) {
        ApiClient api = new ApiClient(baseUrl);
        SoftAssertions softly = new SoftAssertions();
        ApiClient.Response anonymous = api.anonymous().get(readPath);
        softly.assertThat(anonymous.status()).as("no token").isEqualTo(401);
        softly.assertThat(anonymous.header("Content-Type")).as("no token").startsWith("application/problem+json");
        softly.assertThat(anonymous.header("WWW-Authenticate")).as("no token").startsWith("Bearer");
        softly.assertThat(api.withToken(TestTokens.expired(Role.ADMIN)).get(readPath).status()).as("expired token").isEqualTo(401);
        softly.assertThat(api.withToken(TestTokens.fromIssuer("http://somewhere.else", Role.ADMIN)).get(readPath).status())
                .as("token of another issuer").isEqualTo(401);
        softly.assertThat(api.withToken(TestTokens.signedByAnotherKey(Role.ADMIN)).get(readPath).status())
                .as("token signed with a key the issuer never published").isEqualTo(401);
        softly.assertThat(api.withToken("not-a-jwt").get(readPath).status()).as("malformed token").isEqualTo(401);
        softly.assertThat(api.as().get(readPath).status()).as("a valid token without roles").isEqualTo(403);
        softly.assertThat(api.as(reader).get(readPath).status()).as("a valid token of " + reader).isEqualTo(200);
        softly.assertThat(api.as(reader).send("HEAD", readPath, "application/json", "").status()).as("HEAD, as GET").isEqualTo(200);
        softly.assertAll();
    }

    /**
     * Every row of the README's table that concerns {@code service} (or every service), called with a token of each
     * role: a role the table allows reaches the endpoint (its answer is neither 401 nor 403, nor a 5xx: the bodies are
     * empty or made-up ids, so it is a 4xx or, for an action without input, a 2xx); any other role gets 403.
     */
    public static void assertPermissionTable(String baseUrl, String service) {
        List<Permission> rows = permissions().stream()
                .filter(row -> row.service().equals(service) || row.service().equals("every service")).toList();
        assertThat(rows).as("rows of the README permission table for " + service).isNotEmpty();
        ApiClient api = new ApiClient(baseUrl);
        SoftAssertions softly = new SoftAssertions();
        for (Permission row : rows) {
            for (Role role : Role.values()) {
                ApiClient.Response response = api.as(role).send(row.method(), row.concretePath(), "application/json", "{}");
                String what = role + " " + row.method() + " " + row.path() + " -> " + response.status() + " " + response.body();
                if (row.roles().contains(role)) {
                    softly.assertThat(response.status()).as(what).isNotIn(401, 403).isLessThan(500);
                } else {
                    softly.assertThat(response.status()).as(what).isEqualTo(403);
                }
            }
        }
        softly.assertAll();
    }

    /** The README's permission table. */
    public static List<Permission> permissions() {
        String readme = read(readme());
        int start = readme.indexOf(TABLE_START);
        int end = readme.indexOf(TABLE_END);
        assertThat(start).as("README.md has " + TABLE_START).isNotNegative();
        List<Permission> rows = new ArrayList<>();
        List<Role> columns = null;
        for (String line : readme.substring(start, end).lines().toList()) {
            if (!line.startsWith("|") || line.startsWith("|---")) {
                continue;
            }
            List<String> cells = Arrays.stream(line.substring(1, line.lastIndexOf('|')).split("\\|")).map(String::strip)
                    .map(cell -> cell.replace("`", "")).toList();
            if (columns == null) {
                columns = cells.subList(3, cells.size()).stream().map(Role::valueOf).toList();
                continue;
            }
            Set<Role> allowed = EnumSet.noneOf(Role.class);
            for (int i = 0; i < columns.size(); i++) {
                if (cells.get(3 + i).equals("yes")) {
                    allowed.add(columns.get(i));
                }
            }
            rows.add(new Permission(cells.get(0), cells.get(1), cells.get(2), allowed));
        }
        return rows;
    }

    private static Path readme() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("README.md")) && Files.exists(dir.resolve("mvnw"))) {
                return dir.resolve("README.md");
            }
        }
        throw new IllegalStateException("README.md of the project not found above " + Path.of("").toAbsolutePath());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
