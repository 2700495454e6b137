package dev.billing.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.billing.local.Platform;
import dev.billing.local.PlatformService;
import dev.billing.local.ServiceProcess;
import dev.billing.support.testing.ApiClient;
import jakarta.mail.internet.MimeMessage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

/**
 * A dispute in a real browser (Debian's chromium, headless), through the real gateway and services: the customer opens
 * the portal from the link of the invoice email, disputes part of the invoice with a photo (PNG) attached; the
 * collector finds it in the disputes inbox (unassigned), replies and writes an internal note; the customer sees the
 * reply (not the note) and answers with another photo; the collector proposes a credit note, previewed first, an
 * accountant approves it, and the portal shows the outcome. Screenshots go to target/screenshots.
 */
class DisputeBrowserIT {
    private static final int PORT_BASE = 17280;
    private static Platform platform;
    private static ApiClient admin;
    private WebDriver browser;

    @BeforeAll
    static void startPlatformWithStaff() {
        Chromium.assumeInstalled();
        platform = Platform.start(new Platform.Settings(ServiceProcess.projectRoot(), null, PORT_BASE, 0, 0, 0, 0,
                List.of(PlatformService.BILLING, PlatformService.INVOICE, PlatformService.REMINDER, PlatformService.PAYMENT,
                        PlatformService.NOTIFICATION, PlatformService.DISPUTE, PlatformService.REPORTING), true,
                null, null, null, null, null, 0, Map.of("PUBLIC_BASE_URL", "http://localhost:" + PORT_BASE, "REMINDER_SCAN_INTERVAL", "1h")));
        admin = ApiClient.of(platform, platform.gatewayUrl());
        for (String[] user : new String[][] {{"ayse", "Ayşe Accountant", "ACCOUNTANT"}, {"cem", "Cem Collector", "COLLECTOR"}}) {
            ApiClient.Response created = admin.post("/api/staff-users", ApiClient.json(Map.of("username", user[0], "displayName", user[1],
                    "password", user[0] + "-password-123", "roles", List.of(user[2]))));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
        }
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    @AfterEach
    void closeBrowser(TestInfo test) throws IOException {
        if (browser != null) {
            shot(test.getTestMethod().orElseThrow().getName());
            browser.quit();
        }
    }

    private void shot(String name) throws IOException {
        Chromium.screenshot(browser, name);
    }


    /** A fresh browser for the customer: no staff session, only the link. */
    private void asCustomer(String url) {
        if (browser != null) {
            browser.quit();
        }
        browser = Chromium.start();
        browser.get(url);
    }

    private void signIn(String username) {
        if (browser != null) {
            browser.quit();
        }
        browser = Chromium.start();
        browser.get(platform.gatewayUrl() + "/login");
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(username + "-password-123");
        clickToNextPage(By.id("sign-in"));
        assertThat(browser.getCurrentUrl()).doesNotContain("/login");
    }

    private void clickToNextPage(By what) {
        Chromium.clickToNextPage(browser, what);
    }

    private static Path png(String name, int rgb) throws IOException {
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 8; x++) {
            for (int y = 0; y < 8; y++) {
                image.setRGB(x, y, rgb);
            }
        }
        Path file = Files.createTempDirectory("dispute-photos").resolve(name);
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    /** The portal link of the invoice email sent to {@code address} for invoice {@code number}. */
    private static String portalLinkFromTheInvoiceEmail(String address, String number) {
        String body = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            for (MimeMessage mail : platform.mail().received()) {
                if (mail.getRecipients(jakarta.mail.Message.RecipientType.TO)[0].toString().equals(address)
                        && mail.getSubject().contains(number)) {
                    return dev.billing.support.testing.MailText.plain(mail);
                }
            }
            return null;
        }, java.util.Objects::nonNull);
        Matcher link = Pattern.compile("(http://localhost:" + PORT_BASE + "/p/[A-Za-z0-9_.-]+)").matcher(body);
        assertThat(link.find()).as(body).isTrue();
        return link.group(1);
    }

    @Test
    void aCustomerDisputesPartOfAnInvoiceWithAPhotoStaffReplyAndAnAccountantApprovesTheCreditNoteTheCollectorProposed() throws Exception {
        String address = "disputes@acme.example";
        ApiClient.Response customer = admin.post("/api/customers", ApiClient.json(Map.of("name", "Dispute <b>Test</b> Ltd.",
                "email", address, "language", "en", "timeZone", "Europe/Istanbul", "paymentTermDays", 14)));
        assertThat(customer.status()).as(customer.body()).isEqualTo(201);
        String customerId = customer.json().get("id").asString();
        assertThat(admin.post("/api/customers/" + customerId + "/charges", ApiClient.json(Map.of("description", "Support hours",
                "unitPrice", "500.00", "currency", "EUR", "taxRate", "20", "invoiceNow", true))).status()).isEqualTo(201);
        JsonNode invoice = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> admin.get("/api/invoices?customerId=" + customerId + "&status=ISSUED").json(), found -> found.size() == 1).get(0);
        String invoiceId = invoice.get("id").asString();
        String number = invoice.get("number").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.get("/api/payments/invoices/" + invoiceId).status() == 200);
        String link = portalLinkFromTheInvoiceEmail(address, number);

        // the customer: the portal from the email, the objection window, the dispute of 100.00 EUR with a photo
        asCustomer(link);
        WebElement disputeRow = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            browser.navigate().refresh();
            return browser.findElements(By.cssSelector(".portal-invoice-dispute"));
        }, rows -> rows.size() == 1).get(0);
        assertThat(disputeRow.findElement(By.cssSelector(".portal-objection")).getText()).startsWith("Objections within 8 days: by");
        clickToNextPage(By.cssSelector(".portal-dispute-action"));
        assertThat(browser.findElement(By.id("dispute-invoice-number")).getText()).isEqualTo(number);
        new Select(browser.findElement(By.id("dispute-reason"))).selectByValue("QUANTITY");
        browser.findElement(By.id("scope-part")).click();
        browser.findElement(By.id("dispute-amount")).sendKeys("100.00");
        browser.findElement(By.id("dispute-message")).sendKeys("We had 4 support hours, not 5. <script>alert('x')</script>");
        browser.findElement(By.id("dispute-files")).sendKeys(png("timesheet.png", 0x3366cc).toAbsolutePath().toString());
        clickToNextPage(By.id("dispute-submit"));
        assertThat(browser.getCurrentUrl()).as(browser.getPageSource()).contains("/disputes/");
        String disputeId = browser.getCurrentUrl().replaceAll(".*/disputes/([0-9a-f-]{36}).*", "$1");
        String disputeNumber = browser.findElement(By.id("dispute-number")).getText();
        assertThat(disputeNumber).startsWith("DSP-");
        assertThat(browser.findElement(By.id("dispute-status")).getText()).isEqualTo("Open");
        assertThat(browser.findElement(By.id("dispute-amount")).getText()).isEqualTo("100.00 EUR");
        assertThat(browser.findElement(By.id("dispute-thread")).getText()).contains("<script>alert('x')</script>").contains("timesheet.png");
        shot("dispute-portal-opened");

        // the collector: the inbox (unassigned) shows it; a reply to the customer and an internal note
        signIn("cem");
        clickToNextPage(By.id("nav-disputes"));
        clickToNextPage(By.id("disputes-unassigned"));
        WebElement row = browser.findElement(By.cssSelector(".dispute-row[data-dispute='" + disputeId + "']"));
        assertThat(row.getText()).contains(disputeNumber).contains("Dispute <b>Test</b> Ltd.").contains(number).contains("Wrong quantity");
        assertThat(row.findElement(By.cssSelector(".dispute-sla")).getText()).startsWith("due by");
        shot("dispute-staff-inbox");
        clickToNextPage(By.cssSelector(".dispute-row[data-dispute='" + disputeId + "'] .dispute-link"));
        assertThat(browser.findElement(By.id("dispute-invoice-lines")).getText()).contains("Support hours");
        assertThat(browser.findElement(By.id("objection-deadline")).getText()).isNotBlank();
        String photo = browser.findElement(By.cssSelector("#dispute-thread .dispute-attachment")).getAttribute("href");
        assertThat(photo).contains("/disputes/" + disputeId + "/attachments/");
        browser.findElement(By.id("reply-body")).sendKeys("Thank you, we are checking the timesheet.");
        clickToNextPage(By.id("reply-submit"));
        assertThat(browser.findElement(By.id("dispute-notice")).getText()).isEqualTo("The reply was sent to the customer.");
        browser.findElement(By.id("reply-body")).sendKeys("Timesheet says 4 hours: credit one.");
        browser.findElement(By.id("reply-internal")).click();
        clickToNextPage(By.id("reply-submit"));
        assertThat(browser.findElements(By.cssSelector("#dispute-thread .internal-note")).stream().map(WebElement::getText).toList())
                .singleElement().asString().contains("Timesheet says 4 hours: credit one.").contains("internal note");
        assertThat(browser.findElement(By.id("dispute-status")).getText()).isEqualTo("UNDER_REVIEW");

        // the customer sees the reply, never the note, and answers with another photo
        asCustomer(link);
        clickToNextPage(By.cssSelector("#portal-disputes .portal-dispute a"));
        String thread = browser.findElement(By.id("dispute-thread")).getText();
        assertThat(thread).contains("Thank you, we are checking the timesheet.").doesNotContain("Timesheet says 4 hours");
        browser.findElement(By.id("reply-body")).sendKeys("Here is the signed timesheet.");
        browser.findElement(By.id("reply-files")).sendKeys(png("signed.png", 0x22aa44).toAbsolutePath().toString());
        clickToNextPage(By.id("reply-submit"));
        assertThat(browser.findElement(By.id("portal-notice")).getText()).isEqualTo("Your message was sent.");
        assertThat(browser.findElement(By.id("dispute-thread")).getText()).contains("Here is the signed timesheet.").contains("signed.png");

        // the collector proposes a credit note of 100.00 (a preview first), and cannot approve it
        signIn("cem");
        browser.get(platform.gatewayUrl() + "/disputes/" + disputeId);
        assertThat(browser.findElement(By.id("dispute-thread")).getText()).contains("Here is the signed timesheet.");
        new Select(browser.findElement(By.id("proposal-outcome-select"))).selectByValue("CREDIT_NOTE");
        browser.findElement(By.id("proposal-amount-input")).sendKeys("100.00");
        browser.findElement(By.id("proposal-resolution")).sendKeys("We credit one support hour: 100.00 EUR.");
        clickToNextPage(By.id("proposal-preview"));
        assertThat(browser.findElement(By.id("proposal-amount-input")).getAttribute("value")).as("the form keeps what was typed").isEqualTo("100.00");
        clickToNextPage(By.id("proposal-submit"));
        assertThat(browser.findElement(By.id("dispute-proposal")).getText()).contains("Credit note").contains("100.00").contains("cem");
        assertThat(browser.findElements(By.id("proposal-approve"))).as("a collector does not approve").isEmpty();

        // the accountant approves (four-eyes: not the proposer)
        signIn("ayse");
        browser.get(platform.gatewayUrl() + "/disputes/" + disputeId);
        clickToNextPage(By.id("proposal-approve"));
        assertThat(browser.findElement(By.id("dispute-status")).getText()).isEqualTo("RESOLVED");
        assertThat(browser.findElement(By.id("dispute-outcome")).getText()).contains("Credit note").contains("We credit one support hour");
        assertThat(browser.findElements(By.id("proposal-approve"))).as("nothing waits for approval any more").isEmpty();
        shot("dispute-staff-resolved");

        // the portal shows the outcome
        asCustomer(link + "/disputes/" + disputeId);
        assertThat(browser.findElement(By.id("dispute-status")).getText()).isEqualTo("Resolved");
        assertThat(browser.findElement(By.id("dispute-outcome-name")).getText()).isEqualTo("Credit note");
        assertThat(browser.findElement(By.id("dispute-resolution")).getText()).isEqualTo("We credit one support hour: 100.00 EUR.");
        assertThat(browser.findElements(By.id("reply-form"))).as("a resolved dispute takes no more replies").isEmpty();
        // on a phone: the page fits the screen's width, nothing to scroll sideways
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        browser.navigate().refresh();
        assertThat((Boolean) ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth <= window.innerWidth")).isTrue();
        shot("dispute-portal-outcome-phone");
        JsonNode resolved = admin.get("/api/disputes/" + disputeId).json();
        assertThat(resolved.get("outcome").asString()).isEqualTo("CREDIT_NOTE");
        assertThat(resolved.get("approvedBy").asString()).isEqualTo("ayse");
    }
}
