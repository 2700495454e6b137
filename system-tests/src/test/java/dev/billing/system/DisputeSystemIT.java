package dev.billing.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billing.events.access.DocumentLinks;
import dev.billing.local.Platform;
import dev.billing.local.PlatformService;
import dev.billing.local.ServiceProcess;
import dev.billing.support.testing.ApiClient;
import dev.billing.support.testing.Eventually;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Disputes across the services as processes, through the gateway: the customer writes in the portal (its forms, as a
 * browser posts them), staff answer through the API, a collector proposes the outcome and an accountant approves it (two
 * machine clients, so two people), and the outcome changes the money in invoice-service and the reminders in
 * reminder-service.
 */
class DisputeSystemIT {
    private static final ZoneId ISTANBUL = ZoneId.of("Europe/Istanbul");
    private static Platform platform;
    private static ApiClient admin;
    private static ApiClient collector;
    private static ApiClient accountant;

    @BeforeAll
    static void startPlatform() {
        platform = Platform.start(new Platform.Settings(ServiceProcess.projectRoot(), null, 21080, 0, 0, 0, 0,
                List.of(PlatformService.BILLING, PlatformService.INVOICE, PlatformService.REMINDER, PlatformService.PAYMENT,
                        PlatformService.NOTIFICATION, PlatformService.DISPUTE), true,
                null, null, null, null, null, 0, Map.of("PUBLIC_BASE_URL", "http://localhost:21080", "REMINDER_SCAN_INTERVAL", "1h")));
        admin = ApiClient.of(platform, platform.gatewayUrl());
        collector = staffClient("dispute-collector", "COLLECTOR");
        accountant = staffClient("dispute-accountant", "ACCOUNTANT");
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    /** A machine client of its own with one role: the token names it, as a signed-in staff member's names them. */
    private static ApiClient staffClient(String clientId, String role) {
        ApiClient.Response made = admin.post("/api/machine-clients", ApiClient.json(Map.of("clientId", clientId, "roles", List.of(role))));
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        String token = ApiClient.machineToken(platform.gatewayUrl(), clientId, made.json().get("clientSecret").asString());
        return new ApiClient(platform.gatewayUrl()).withToken(token);
    }

    private static LocalDate today() {
        return Instant.parse(admin.get("/api/test-clock").json().get("now").asString()).atZone(ISTANBUL).toLocalDate();
    }

    private static void moveClockTo(LocalDate day) {
        ApiClient.Response moved = admin.put("/api/test-clock", "{\"now\":\"" + day.atTime(10, 0).atZone(ISTANBUL).toInstant() + "\"}");
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
    }

    /** A customer with a monthly subscription of {@code quantity} x {@code unitPrice} TRY at 20 % KDV, invoiced today: the invoice. */
    private static JsonNode issuedInvoice(String name, String email, String quantity, String unitPrice) {
        ApiClient.Response customer = admin.post("/api/customers", ApiClient.json(Map.of("name", name, "email", email,
                "language", "en", "timeZone", ISTANBUL.getId(), "paymentTermDays", 14)));
        assertThat(customer.status()).as(customer.body()).isEqualTo(201);
        String customerId = customer.json().get("id").asString();
        LocalDate start = today().plusDays(1);
        ApiClient.Response subscription = admin.post("/api/subscriptions", ApiClient.json(Map.of("customerId", customerId,
                "description", "Social media consulting", "quantity", quantity, "unitPrice", unitPrice, "currency", "TRY", "taxRate", "20",
                "interval", "MONTHLY", "startDate", start.toString())));
        assertThat(subscription.status()).as(subscription.body()).isEqualTo(201);
        moveClockTo(start);
        JsonNode invoice = Eventually.await(() -> admin.get("/api/invoices?customerId=" + customerId + "&status=ISSUED").json(),
                found -> found.size() == 1, Duration.ofSeconds(60)).get(0);
        // dispute-service and reminder-service know the invoice once they have read its InvoiceIssued
        Eventually.await(() -> admin.get("/api/disputes/invoices/" + invoice.get("id").asString()), r -> r.status() == 200, Duration.ofSeconds(30));
        Eventually.await(() -> admin.get("/api/reminders?invoiceId=" + invoice.get("id").asString()), r -> r.status() == 200, Duration.ofSeconds(30));
        return invoice;
    }

    /** What the customer's browser sends from a portal form: multipart/form-data with its fields and files. */
    private static final class PortalForm {
        private final String boundary = "----portal" + UUID.randomUUID();
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();

        PortalForm field(String name, String value) {
            write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n");
            return this;
        }

        PortalForm file(String name, String fileName, String contentType, byte[] content) {
            write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName
                    + "\"\r\nContent-Type: " + contentType + "\r\n\r\n");
            body.writeBytes(content);
            write("\r\n");
            return this;
        }

        /** Posts the form; the portal answers a form it took with a redirect (not followed here). */
        HttpResponse<String> postTo(String path) {
            write("--" + boundary + "--\r\n");
            try {
                return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + path))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private void write(String text) {
            body.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A real PNG: a photo of the damaged delivery, as far as the test is concerned. */
    private static byte[] photo() {
        try {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", png);
            return png.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> subjectsTo(String address, int atLeast) {
        return Eventually.await(() -> platform.mail().received().stream().filter(m -> recipient(m).equals(address))
                .map(DisputeSystemIT::subject).toList(), found -> found.size() >= atLeast, Duration.ofSeconds(60));
    }

    private static String recipient(jakarta.mail.internet.MimeMessage message) {
        try {
            return message.getRecipients(jakarta.mail.Message.RecipientType.TO)[0].toString();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String subject(jakarta.mail.internet.MimeMessage message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode reminderPlan(String invoiceId) {
        return admin.get("/api/reminders?invoiceId=" + invoiceId).json();
    }

    @Test
    void aPortalDisputeOnPartOfAnInvoicePausesItsRemindersAndACreditNoteOutcomeReducesItAndResumesThemForTheRest() {
        String address = "finance@credit-note.example";
        JsonNode invoice = issuedInvoice("Kredi Notu Ajans A.Ş.", address, "10", "100.00");
        String invoiceId = invoice.get("id").asString();
        String number = invoice.get("number").asString();
        assertThat(invoice.get("total").asString()).isEqualTo("1200.00");
        String link = DocumentLinks.withKeys(DocumentLinks.LOCAL_ONLY_KEY).token(DocumentLinks.Kind.INVOICE_PAYMENT,
                UUID.fromString(invoiceId), Instant.now().plus(Duration.ofDays(1)));

        // the customer disputes two of the ten hours (240.00 with KDV) from the portal, with a photo
        HttpResponse<String> opened = new PortalForm().field("invoiceId", invoiceId).field("reason", "QUANTITY").field("scope", "PART")
                .field("amount", "240.00").field("message", "Only 8 of the 10 hours were delivered.")
                .file("files", "timesheet.png", "image/png", photo()).postTo("/p/" + link + "/disputes");
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(302);
        String location = opened.headers().firstValue("Location").orElseThrow();
        String disputeId = location.substring(location.lastIndexOf('/') + 1);
        JsonNode dispute = admin.get("/api/disputes/" + disputeId).json();
        assertThat(dispute.get("openedBy").asString()).isEqualTo("CUSTOMER");
        assertThat(dispute.get("disputedAmount").asString()).isEqualTo("240.00");
        assertThat(dispute.get("lateObjection").asBoolean()).isFalse();
        assertThat(dispute.get("messages").get(0).get("attachments").get(0).get("fileName").asString()).isEqualTo("timesheet.png");
        Eventually.await(() -> reminderPlan(invoiceId), plan -> !plan.get("pausedSince").isNull(), Duration.ofSeconds(30));

        // staff answer; the customer is told by email and answers with a second photo
        ApiClient.Response answered = collector.post("/api/disputes/" + disputeId + "/messages", ApiClient.json(Map.of(
                "body", "Thank you. Could you send us the signed timesheet?", "internal", false)));
        assertThat(answered.status()).as(answered.body()).isEqualTo(201);
        assertThat(collector.post("/api/disputes/" + disputeId + "/messages", ApiClient.json(Map.of(
                "body", "Checked with the team: 8 hours is right.", "internal", true))).status()).isEqualTo(201);
        HttpResponse<String> replied = new PortalForm().field("body", "Here it is, signed.")
                .file("files", "signed-timesheet.png", "image/png", photo()).postTo("/p/" + link + "/disputes/" + disputeId + "/messages");
        assertThat(replied.statusCode()).as(replied.body()).isEqualTo(302);
        JsonNode portalView = Eventually.await(() -> admin.get("/api/disputes/" + disputeId).json(),
                d -> d.get("messages").size() == 4, Duration.ofSeconds(10));
        assertThat(portalView.get("status").asString()).isEqualTo("UNDER_REVIEW");
        assertThat(portalView.get("firstResponseAt").isNull()).isFalse();
        // the portal's page of the dispute shows the staff answer, never the internal note
        String page = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + "/p/" + link
                + "/disputes/" + disputeId)).build(), HttpResponse.BodyHandlers.ofString()).join().body();
        assertThat(page).contains("Could you send us the signed timesheet?").contains("Here it is, signed.")
                .doesNotContain("Checked with the team");
        // the customer's message reached the team's panel
        Eventually.await(() -> admin.get("/api/notifications/staff").body(), body -> body.contains(number), Duration.ofSeconds(30));

        // the collector proposes a credit note for the two hours; an accountant approves it
        ApiClient.Response proposed = collector.post("/api/disputes/" + disputeId + "/proposal", ApiClient.json(Map.of(
                "outcome", "CREDIT_NOTE", "amount", "240.00", "resolution", "We credit the two hours that were not delivered.")));
        assertThat(proposed.status()).as(proposed.body()).isEqualTo(200);
        ApiClient.Response approved = accountant.post("/api/disputes/" + disputeId + "/proposal/approve", "{}");
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);

        JsonNode credited = Eventually.await(() -> admin.get("/api/invoices/" + invoiceId).json(),
                found -> found.get("openAmount").asString().equals("960.00"), Duration.ofSeconds(60));
        assertThat(credited.get("creditedAmount").asString()).isEqualTo("240.00");
        JsonNode plan = Eventually.await(() -> reminderPlan(invoiceId),
                p -> p.get("pausedSince").isNull() && p.get("openAmount").asString().equals("960.00"), Duration.ofSeconds(30));
        assertThat(plan.get("state").asString()).isEqualTo("OPEN");
        // the customer was told at each step, once: the invoice (whose email waits for its PDF, so it may come later), the
        // acknowledgement, the staff answer (not the internal note), the outcome and the credit note it brought
        assertThat(subjectsTo(address, 5)).containsExactlyInAnyOrder("Your invoice " + number,
                "We received your objection: invoice " + number, "Reply to your objection: invoice " + number,
                "Your objection was decided: invoice " + number,
                "Credit note " + admin.get("/api/invoices/" + invoiceId + "/history").json().valueStream()
                        .filter(step -> step.get("event").asString().equals("CREDIT_NOTE")).findFirst().orElseThrow()
                        .get("reference").asString() + " for invoice " + number);
    }

    @Test
    void aReissueCancelsTheInvoiceByStornoAndIssuesTheCorrectedOneUnderTheNextNumberAndTheNumbersStayGapless() {
        JsonNode invoice = issuedInvoice("Reissue Ajans A.Ş.", "finance@reissue.example", "1", "1000.00");
        String invoiceId = invoice.get("id").asString();
        ApiClient.Response opened = collector.post("/api/disputes", ApiClient.json(Map.of("invoiceId", invoiceId, "reason", "PRICE",
                "message", "The customer called: the agreed price is 900.00 a month.")));
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        String disputeId = opened.json().get("id").asString();
        Eventually.await(() -> reminderPlan(invoiceId), plan -> !plan.get("pausedSince").isNull(), Duration.ofSeconds(30));

        ApiClient.Response proposed = collector.post("/api/disputes/" + disputeId + "/proposal", ApiClient.json(Map.of("outcome", "REISSUE",
                "correctedLines", List.of(Map.of("description", "Social media consulting", "quantity", "1", "unitPrice", "900.00",
                        "taxRate", "20")), "resolution", "We re-issue the invoice at the agreed price.")));
        assertThat(proposed.status()).as(proposed.body()).isEqualTo(200);
        ApiClient.Response ownApproval = collector.post("/api/disputes/" + disputeId + "/proposal/approve", "{}");
        assertThat(ownApproval.status()).as("a collector may not approve a re-issue").isEqualTo(403);
        ApiClient.Response approved = accountant.post("/api/disputes/" + disputeId + "/proposal/approve", "{}");
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);

        JsonNode cancelled = Eventually.await(() -> admin.get("/api/invoices/" + invoiceId).json(),
                found -> found.get("status").asString().equals("CANCELLED") && !found.path("correctedByInvoiceId").isNull(), Duration.ofSeconds(60));
        String correctedId = cancelled.get("correctedByInvoiceId").asString();
        JsonNode corrected = admin.get("/api/invoices/" + correctedId).json();
        assertThat(corrected.get("status").asString()).isEqualTo("ISSUED");
        assertThat(corrected.get("correctsInvoiceId").asString()).isEqualTo(invoiceId);
        assertThat(corrected.get("total").asString()).isEqualTo("1080.00");
        assertThat(corrected.get("fulfilmentDate").asString()).isEqualTo(invoice.get("fulfilmentDate").asString());

        // every invoice number of the series so far, the corrected one included, without a gap
        List<Integer> numbers = admin.get("/api/invoices?size=200").json().valueStream()
                .map(i -> i.get("number")).filter(n -> n != null && !n.isNull() && n.asString().startsWith("INV-"))
                .map(n -> Integer.parseInt(n.asString().substring(n.asString().lastIndexOf('-') + 1))).sorted().toList();
        assertThat(numbers).isEqualTo(java.util.stream.IntStream.rangeClosed(1, numbers.size()).boxed().toList());
        assertThat(corrected.get("number").asString()).endsWith(String.format("%06d", numbers.size()));

        JsonNode dispute = admin.get("/api/disputes/" + disputeId).json();
        assertThat(dispute.get("status").asString()).isEqualTo("RESOLVED");
        assertThat(dispute.get("outcome").asString()).isEqualTo("REISSUE");
        assertThat(dispute.get("approvedBy").asString()).isEqualTo("dispute-accountant");
        // the storno ended the original's plan; the corrected invoice has one of its own
        Eventually.await(() -> reminderPlan(invoiceId), plan -> plan.get("state").asString().equals("CANCELLED"), Duration.ofSeconds(30));
        Eventually.await(() -> admin.get("/api/reminders?invoiceId=" + correctedId), r -> r.status() == 200, Duration.ofSeconds(30));
    }
}
