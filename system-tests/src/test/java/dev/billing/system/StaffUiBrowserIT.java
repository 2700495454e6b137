package dev.billing.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.billing.local.Platform;
import dev.billing.local.PlatformService;
import dev.billing.local.ServiceProcess;
import dev.billing.support.testing.ApiClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.WebDriver;
import tools.jackson.databind.JsonNode;

/**
 * The staff UI in a real browser (Debian's chromium, headless), through the real gateway and services: an
 * accountant sells a subscription and writes a note (and the customer's activity log names her), the admin moves the test clock, the accountant finds the invoice under
 * "Issued", opens it, downloads its PDF and cancels it by storno; she edits an account, previews and makes a price
 * change, adds a one-off charge, credits an invoice and attaches a file to it; a viewer sees no storno button where an
 * accountant does. Each test saves a screenshot under target/screenshots.
 */
class StaffUiBrowserIT {
    private static Platform platform;
    private static ApiClient admin;
    private static String changesCustomer;
    private WebDriver browser;

    @BeforeAll
    static void startPlatformWithStaffAndAnIssuedInvoice() {
        Chromium.assumeInstalled();
        platform = Platform.start(new Platform.Settings(ServiceProcess.projectRoot(), null, 17080, 0, 0, 0, 0,
                List.of(PlatformService.BILLING, PlatformService.INVOICE, PlatformService.REMINDER, PlatformService.PAYMENT,
                        PlatformService.NOTIFICATION, PlatformService.REPORTING), true,
                // reminders fire on clock moves only, so a test sees a step planned before it moves the clock
                null, null, null, null, null, 0, Map.of("PUBLIC_BASE_URL", "http://localhost:17080", "REMINDER_SCAN_INTERVAL", "1h")));
        admin = ApiClient.of(platform, platform.gatewayUrl());
        for (String[] user : new String[][] {{"ayse", "Ayşe Accountant", "ACCOUNTANT"}, {"victor", "Victor Viewer", "VIEWER"},
                {"cem", "Cem Collector", "COLLECTOR"}}) {
            ApiClient.Response created = admin.post("/api/staff-users", ApiClient.json(Map.of("username", user[0], "displayName", user[1],
                    "password", user[0] + "-password-123", "roles", List.of(user[2]))));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
        }
        // the viewer's invoice, made by API: the accountant's is made in the browser
        String customerId = customer("Viewer <b>Test</b> Ltd.");
        LocalDate start = platformDate().plusDays(2);
        ApiClient.Response subscription = admin.post("/api/subscriptions", ApiClient.json(Map.of("customerId", customerId,
                "description", "Hosting", "unitPrice", "300.00", "currency", "EUR", "taxRate", "20", "interval", "MONTHLY",
                "startDate", start.toString())));
        assertThat(subscription.status()).as(subscription.body()).isEqualTo(201);
        // the customer whose account, subscription and invoice the accountant changes in the browser
        changesCustomer = customer("Changes <i>Test</i> Ltd.");
        assertThat(admin.post("/api/subscriptions", ApiClient.json(Map.of("customerId", changesCustomer,
                "description", "Campaign management", "unitPrice", "1200.00", "currency", "EUR", "taxRate", "20",
                "interval", "MONTHLY", "startDate", start.toString()))).status()).isEqualTo(201);
        assertThat(admin.put("/api/test-clock", "{\"now\":\"" + start.atTime(9, 0).toInstant(ZoneOffset.UTC) + "\"}").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> admin.get("/api/invoices?customerId=" + customerId + "&status=ISSUED").json().size() == 1
                        && admin.get("/api/invoices?customerId=" + changesCustomer + "&status=ISSUED").json().size() == 1);
    }

    private static String customer(String name) {
        ApiClient.Response customer = admin.post("/api/customers", ApiClient.json(Map.of("name", name,
                "email", "browser@acme.example", "language", "en", "timeZone", "Europe/Istanbul", "paymentTermDays", 14)));
        assertThat(customer.status()).as(customer.body()).isEqualTo(201);
        return customer.json().get("id").asString();
    }

    private static LocalDate platformDate() {
        return Instant.parse(admin.get("/api/test-clock").json().get("now").asString()).atOffset(ZoneOffset.UTC).toLocalDate();
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
            Chromium.screenshot(browser, test.getTestMethod().orElseThrow().getName());
            browser.quit();
        }
    }


    private void signIn(String username, String password) {
        if (browser != null) {
            browser.quit();
        }
        browser = Chromium.start();
        browser.get(platform.gatewayUrl() + "/login");
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        clickToNextPage(By.id("sign-in"));
        assertThat(browser.getCurrentUrl()).doesNotContain("/login");
    }

    private void signIn(String username) {
        signIn(username, username + "-password-123");
        assertThat(browser.findElement(By.id("signed-in-as")).getText())
                .contains(Map.of("ayse", "Ayşe Accountant", "victor", "Victor Viewer", "cem", "Cem Collector").get(username));
    }

    private void clickToNextPage(By what) {
        Chromium.clickToNextPage(browser, what);
    }

    /** Date and time fields take their value from script: typing into them depends on the browser's locale. */
    private void setValue(String id, String value) {
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1]", browser.findElement(By.id(id)), value);
    }

    /** The issued invoices of customers whose name contains {@code name}, as the "Issued" tab lists them: their links. */
    private List<String> issuedInvoiceLinks(String name) {
        clickToNextPage(By.id("nav-invoices"));
        clickToNextPage(By.id("tab-issued"));
        browser.findElement(By.id("search")).sendKeys(name);
        clickToNextPage(By.id("search-submit"));
        return browser.findElements(By.cssSelector("#invoice-table a.invoice-link")).stream().map(a -> a.getAttribute("href")).toList();
    }

    @Test
    void anAccountantSellsASubscriptionAndAfterTheClockMovesFindsTheInvoiceUnderIssuedDownloadsThePdfAndCancelsIt() throws Exception {
        String customerName = "Browser <b>Test</b> Ltd.";
        customer(customerName);
        LocalDate start = platformDate().plusDays(3);
        signIn("ayse");
        clickToNextPage(By.id("nav-customers"));
        browser.findElement(By.id("customer-search")).sendKeys("Browser");
        clickToNextPage(By.id("customer-search-submit"));
        // names are escaped on every page: the customer's <b> is text, not markup
        clickToNextPage(By.linkText(customerName));
        browser.findElement(By.id("sell-description")).sendKeys("Social media consulting");
        browser.findElement(By.id("sell-price")).sendKeys("1200.00");
        setValue("sell-start", start.toString());
        clickToNextPage(By.id("sell-submit"));
        assertThat(browser.findElement(By.id("subscription-table")).getText()).contains("Social media consulting").contains("1200");
        browser.findElement(By.id("note-text")).sendKeys("Promised to pay on Friday");
        clickToNextPage(By.id("note-submit"));
        // who did it: the accountant's session token reached billing- and notification-service, their events name her,
        // and reporting-service logs them
        String customerPage = browser.getCurrentUrl();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            browser.get(customerPage);
            return browser.findElement(By.id("customer-activity")).getText();
        }, activity -> activity.contains("Ayşe Accountant") && activity.contains("subscription.started")
                && activity.contains("note-added.v1: Promised to pay on Friday"));

        signIn(platform.access().adminUsername(), platform.access().adminPassword());
        clickToNextPage(By.id("nav-test-clock"));
        setValue("clock-target", start + "T09:00");
        clickToNextPage(By.id("clock-move"));
        assertThat(browser.findElement(By.id("clock-now")).getText()).startsWith(start + "T09:00");

        signIn("ayse");
        List<String> invoices = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> issuedInvoiceLinks("Browser"), links -> links.size() == 1);
        assertThat(browser.findElement(By.id("invoice-table")).getText()).contains(customerName);
        browser.get(invoices.get(0));
        String number = browser.findElement(By.id("invoice-number")).getText();
        assertThat(number).startsWith("INV-");
        assertThat(browser.findElement(By.id("invoice-status")).getText()).isEqualTo("ISSUED");
        assertThat(browser.findElement(By.id("invoice-lines")).getText()).contains("Social media consulting").contains("1440.00");
        assertThat(browser.findElement(By.id("invoice-taxes")).getText()).contains("1200.00").contains("240.00");
        String pdf = browser.findElement(By.id("download-pdf")).getAttribute("href");
        Cookie session = browser.manage().getCookieNamed("JSESSIONID");
        HttpResponse<byte[]> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(pdf))
                .header("Cookie", "JSESSIONID=" + session.getValue()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/pdf"));
        assertThat(new String(download.body(), 0, 4)).isEqualTo("%PDF");

        browser.findElement(By.id("reason")).sendKeys("Billed twice by mistake");
        clickToNextPage(By.id("storno"));

        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElement(By.id("invoice-status")).getText().equals("CANCELLED"));
        assertThat(browser.getPageSource()).contains("Billed twice by mistake");
        JsonNode cancelled = admin.get("/api/invoices?number=" + number).json().get(0);
        assertThat(cancelled.get("status").asString()).isEqualTo("CANCELLED");
    }

    /** Opens a {@code <details>} section by its summary, inside {@code within}. */
    private void open(WebElement within) {
        WebElement summary = within.findElement(By.tagName("summary"));
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", summary);
        summary.click();
    }

    private void retype(By field, String text) {
        retype(browser.findElement(field), text);
    }

    private void retype(WebElement input, String text) {
        input.clear();
        input.sendKeys(text);
    }

    @Test
    void anAccountantEditsTheAccountPreviewsAndMakesAPriceChangeAddsAChargeCreditsAttachesAndSplitsTheInvoiceIntoInstalments() throws Exception {
        signIn("ayse");
        browser.get(platform.gatewayUrl() + "/customers/" + changesCustomer);
        // contact data and terms: a refused email is explained next to the email field, a good one is saved
        open(browser.findElement(By.id("edit-details")));
        retype(By.id("edit-email"), "not-an-email");
        ((JavascriptExecutor) browser).executeScript("document.getElementById('edit-customer').noValidate = true");
        clickToNextPage(By.id("edit-submit"));
        assertThat(browser.findElement(By.id("edit-email")).getAttribute("class")).contains("is-invalid");
        assertThat(browser.findElement(By.cssSelector("#edit-customer .field-error")).getText()).contains("email");
        assertThat(browser.findElement(By.id("edit-email")).getAttribute("value")).isEqualTo("not-an-email");
        retype(By.id("edit-email"), "billing@changes.example");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("edit-due-rule"))).selectByValue("END_OF_MONTH");
        clickToNextPage(By.id("edit-submit"));
        assertThat(browser.findElement(By.id("customer-email")).getText()).isEqualTo("billing@changes.example");
        assertThat(browser.findElement(By.id("customer-terms")).getText()).startsWith("END_OF_MONTH 14");
        assertThat(browser.findElement(By.id("payment-delay")).getText()).contains("no invoice paid yet");
        assertThat(browser.findElement(By.id("payer-profile")).getText()).contains("on time").contains("0 paid invoices");
        browser.findElement(By.id("note-text")).sendKeys("Will pay the rest on Friday");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("note-outcome"))).selectByValue("PROMISED_TO_PAY");
        clickToNextPage(By.id("note-submit"));
        assertThat(browser.findElement(By.id("customer-messages")).getText()).contains("CALL")
                .contains("PROMISED_TO_PAY: Will pay the rest on Friday");

        // a new price: the preview (fetched while typing) shows the credit and charge for the rest of the period
        WebElement subscription = browser.findElement(By.cssSelector("tbody.subscription"));
        open(subscription);
        subscription.findElement(By.cssSelector(".change-price")).sendKeys("2400");
        WebElement net = new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tbody.subscription .preview-net")));
        assertThat(net.getText()).endsWith("EUR");
        assertThat(browser.findElements(By.cssSelector("tbody.subscription .preview-line"))).hasSize(2);
        assertThat(admin.get("/api/customers/" + changesCustomer + "/charges").json().size()).as("a preview changes nothing").isZero();
        clickToNextPage(By.cssSelector("tbody.subscription .change-submit"));
        assertThat(browser.findElement(By.cssSelector("tbody.subscription .subscription-price")).getText()).isEqualTo("2400 EUR");
        assertThat(admin.get("/api/customers/" + changesCustomer + "/charges").json().size()).isEqualTo(2);

        open(browser.findElement(By.id("charge-details")));
        browser.findElement(By.id("charge-description")).sendKeys("Printed flyers");
        browser.findElement(By.id("charge-price")).sendKeys("150");
        clickToNextPage(By.id("charge-submit"));
        assertThat(browser.getPageSource()).contains("The charge was added.");
        assertThat(admin.get("/api/customers/" + changesCustomer + "/charges").json().findValuesAsString("description"))
                .contains("Printed flyers");

        // the invoice: its history, a credit note (too much is explained next to the amount), an attachment
        String invoice = admin.get("/api/invoices?customerId=" + changesCustomer + "&status=ISSUED").json().get(0).get("id").asString();
        browser.get(platform.gatewayUrl() + "/invoices/" + invoice);
        assertThat(browser.findElement(By.id("invoice-history")).getText()).contains("created").contains("issued");
        browser.findElement(By.id("credit-amount")).sendKeys("99999");
        clickToNextPage(By.id("credit-submit"));
        assertThat(browser.findElement(By.id("credit-amount")).getAttribute("class")).contains("is-invalid");
        assertThat(browser.findElement(By.cssSelector("#credit-form .field-error")).getText()).isNotBlank();
        retype(By.id("credit-amount"), "100");
        browser.findElement(By.id("credit-reason")).sendKeys("Late delivery");
        clickToNextPage(By.id("credit-submit"));
        assertThat(browser.getPageSource()).contains("The credit note was issued.");
        assertThat(browser.findElement(By.id("invoice-history")).getText()).contains("credit note 100.00");

        Path file = Files.createTempFile("signed-order", ".pdf");
        Files.writeString(file, "%PDF-1.4 signed order");
        browser.findElement(By.id("attachment-file")).sendKeys(file.toAbsolutePath().toString());
        clickToNextPage(By.id("attachment-submit"));
        assertThat(browser.findElement(By.id("attachment-list")).getText()).contains(file.getFileName().toString());
        assertThat(browser.findElement(By.id("invoice-history")).getText()).contains("attachment");
    
        // a payment plan: one instalment is refused next to the field, three monthly ones are made from the open amount
        browser.findElement(By.id("plan-instalments")).sendKeys("1");
        setValue("plan-first", platformDate().plusDays(5).toString());
        clickToNextPage(By.id("plan-submit"));
        assertThat(browser.findElement(By.cssSelector("#plan-form .field-error")).getText()).contains("2 to 36");
        retype(By.id("plan-instalments"), "3");
        setValue("plan-first", platformDate().plusDays(5).toString());
        clickToNextPage(By.id("plan-submit"));
        assertThat(browser.getPageSource()).contains("The payment plan was made");
        WebElement plan = browser.findElement(By.cssSelector(".payment-plan"));
        assertThat(plan.findElement(By.cssSelector(".plan-status")).getText()).isEqualTo("ACTIVE");
        assertThat(plan.findElements(By.cssSelector(".instalment-status"))).extracting(WebElement::getText)
                .containsExactly("PLANNED", "PLANNED", "PLANNED");
        clickToNextPage(By.cssSelector(".payment-plan .plan-cancel"));
        assertThat(browser.findElement(By.cssSelector(".payment-plan .plan-status")).getText()).isEqualTo("CANCELLED");
    }

    @Test
    void aCollectorWritesAPolicyAndSeesAReminderPlannedThenSentFromTheEditedTemplateWithItsTaskAndCompletesTheTask() throws Exception {
        // the admin rewords the firm reminder; an unknown placeholder is refused next to the subject
        signIn(platform.access().adminUsername(), platform.access().adminPassword());
        clickToNextPage(By.id("nav-templates"));
        clickToNextPage(By.xpath("//tr[td[text()='EMAIL'] and td[text()='en']]/td/a[text()='reminder-firm']"));
        retype(By.id("template-subject"), "Overdue: invoice {number} of {total}");
        clickToNextPage(By.id("save-template"));
        assertThat(browser.findElement(By.cssSelector("#template-form .field-error")).getText()).contains("unknown placeholder {total}");
        retype(By.id("template-subject"), "Overdue: invoice {number}, {openAmount} {currency} open");
        new WebDriverWait(browser, Duration.ofSeconds(15)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(driver -> driver.findElements(By.cssSelector("#template-preview .preview-subject"))
                .stream().anyMatch(e -> e.getText().equals("Overdue: invoice INV-2027-000042, 1,440.00 EUR open")));
        clickToNextPage(By.id("save-template"));
        assertThat(browser.getPageSource()).contains("Saved as a new version");

        // the collector writes the policy in the form, seeing the plan of a sample invoice while typing
        signIn("cem");
        clickToNextPage(By.id("nav-policies"));
        clickToNextPage(By.id("new-policy"));
        browser.findElement(By.id("policy-name")).sendKeys("On the due date, with a call");
        WebElement row = browser.findElements(By.cssSelector("#policy-steps .step-row")).get(0);
        row.findElement(By.cssSelector(".step-offset")).sendKeys("soon");
        row.findElement(By.cssSelector(".step-channel[data-channel='EMAIL']")).click();
        row.findElement(By.cssSelector(".step-template")).sendKeys("reminder-firm");
        new org.openqa.selenium.support.ui.Select(row.findElement(By.cssSelector(".step-tone"))).selectByValue("FIRM");
        row.findElement(By.cssSelector(".step-escalate")).click();
        clickToNextPage(By.id("save-policy"));
        assertThat(browser.findElement(By.cssSelector("#policy-steps .field-error")).getText()).as("refused next to the step's offset")
                .isNotBlank();
        row = browser.findElements(By.cssSelector("#policy-steps .step-row")).get(0);
        retype(row.findElement(By.cssSelector(".step-offset")), "0");
        if (!row.findElement(By.cssSelector(".step-channel[data-channel='EMAIL']")).isSelected()) {
            row.findElement(By.cssSelector(".step-channel[data-channel='EMAIL']")).click();
        }
        if (!row.findElement(By.cssSelector(".step-escalate")).isSelected()) {
            row.findElement(By.cssSelector(".step-escalate")).click();
        }
        new org.openqa.selenium.support.ui.Select(row.findElement(By.cssSelector(".step-tone"))).selectByValue("FIRM");
        String sampleDue = browser.findElement(By.id("sample-due")).getAttribute("value");
        // htmx swaps the preview in as it comes: an element read just before a swap is stale, and read again
        new WebDriverWait(browser, Duration.ofSeconds(15)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(driver -> driver.findElements(By.cssSelector("#preview-plan .preview-step"))
                .stream().map(WebElement::getText).toList().equals(List.of(sampleDue + " EMAIL reminder-firm FIRM", sampleDue + " TASK reminder-firm FIRM")));
        clickToNextPage(By.id("save-policy"));
        assertThat(browser.getPageSource()).contains("Saved as a new version");
        String policyId = browser.getCurrentUrl().substring(browser.getCurrentUrl().lastIndexOf('/') + 1);
        assertThat(admin.get("/api/reminders/policies/" + policyId).json().get("steps").get(0).get("escalate").asBoolean()).isTrue();

        ApiClient.Response customer = admin.post("/api/customers", ApiClient.json(Map.of("name", "Reminder <u>Test</u> Ltd.",
                "email", "reminders@acme.example", "language", "en", "timeZone", "UTC", "paymentTermDays", 0)));
        String customerId = customer.json().get("id").asString();
        assertThat(admin.put("/api/reminders/customers/" + customerId + "/policy",
                ApiClient.json(Map.of("policyId", policyId))).status()).isEqualTo(200);
        LocalDate start = platformDate().plusDays(1);
        assertThat(admin.post("/api/subscriptions", ApiClient.json(Map.of("customerId", customerId, "description", "Hosting",
                "unitPrice", "100.00", "currency", "EUR", "taxRate", "20", "interval", "MONTHLY", "startDate", start.toString())))
                .status()).isEqualTo(201);
        assertThat(admin.put("/api/test-clock", "{\"now\":\"" + start.atTime(9, 0).toInstant(ZoneOffset.UTC) + "\"}").status()).isEqualTo(200);
        String invoice = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> admin.get("/api/invoices?customerId=" + customerId + "&status=ISSUED").json(), found -> found.size() == 1)
                .get(0).get("id").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.get("/api/reminders?invoiceId=" + invoice).status() == 200);

        signIn("cem");
        browser.get(platform.gatewayUrl() + "/invoices/" + invoice);
        assertThat(browser.findElement(By.id("reminder-steps")).getText()).contains("EMAIL").contains("TASK").contains("PLANNED");

        assertThat(admin.put("/api/test-clock", "{\"now\":\"" + start.atTime(10, 0).toInstant(ZoneOffset.UTC) + "\"}").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            browser.get(platform.gatewayUrl() + "/invoices/" + invoice);
            return browser.findElements(By.cssSelector("#reminder-steps .reminder-status")).stream().map(WebElement::getText).toList();
        }, statuses -> statuses.equals(List.of("SENT", "SENT")));
        await().atMost(Duration.ofSeconds(30)).until(() -> platform.mail().received().stream().anyMatch(m -> {
            try {
                return m.getSubject().matches("Overdue: invoice INV-\\S+, 120\\.00 EUR open");
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        }));

        // the team hears of the task on the dashboard (the staff panel), the customer's name as text, not markup
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            browser.get(platform.gatewayUrl() + "/");
            return browser.findElements(By.cssSelector("#team-panel .team-message")).stream().map(WebElement::getText).toList();
        }, messages -> messages.stream().anyMatch(m -> m.contains("Collection task opened: Reminder <u>Test</u> Ltd.")
                && m.contains("Payment is due today")));
        clickToNextPage(By.cssSelector("#team-panel .team-message a"));
        assertThat(browser.getCurrentUrl()).endsWith("/tasks");
        WebElement task = browser.findElements(By.cssSelector(".task")).stream()
                .filter(t -> t.getText().contains("Payment is due today")).findFirst().orElseThrow();
        String taskId = task.getAttribute("data-task");
        assertThat(task.findElement(By.cssSelector(".task-next")).getText()).isEqualTo("Call the customer.");
        clickToNextPage(By.cssSelector("[data-task='" + taskId + "'] .task-take"));
        assertThat(browser.findElement(By.cssSelector("[data-task='" + taskId + "'] .task-assignee")).getText()).isEqualTo("cem");
        browser.findElement(By.cssSelector("[data-task='" + taskId + "'] .task-resolution")).sendKeys("Called: paying on Friday");
        clickToNextPage(By.cssSelector("[data-task='" + taskId + "'] .task-complete"));
        assertThat(browser.getPageSource()).contains("The task was completed.");
        assertThat(browser.findElements(By.cssSelector("[data-task='" + taskId + "']"))).as("no longer open").isEmpty();
        assertThat(admin.get("/api/reminders/tasks/" + taskId).json().get("resolution").asString()).isEqualTo("Called: paying on Friday");
    }

    @Test
    void aViewerSeesNoStornoButtonWhereAnAccountantDoes() {
        signIn("victor");
        List<String> invoices = issuedInvoiceLinks("Viewer");
        assertThat(invoices).hasSize(1);
        browser.get(invoices.get(0));
        assertThat(browser.findElement(By.id("invoice-status")).getText()).isEqualTo("ISSUED");
        assertThat(browser.findElements(By.id("storno-form"))).as("a viewer's invoice page").isEmpty();
        assertThat(browser.findElements(By.id("nav-users"))).as("a viewer's menu").isEmpty();

        signIn("ayse");
        browser.get(invoices.get(0));
        assertThat(browser.findElements(By.id("storno-form"))).as("an accountant's invoice page").hasSize(1);
    }

    @Test
    void aCustomerOpensThePaymentLinkAndPaysTheInvoiceByCardAfterConfirmingIt() {
        String customerId = customer("Portal <b>Test</b> Ltd.");
        ApiClient.Response charged = admin.post("/api/customers/" + customerId + "/charges", ApiClient.json(Map.of("description", "Setup",
                "unitPrice", "500.00", "currency", "EUR", "taxRate", "20", "invoiceNow", true)));
        assertThat(charged.status()).as(charged.body()).isEqualTo(201);
        JsonNode invoice = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> admin.get("/api/invoices?customerId=" + customerId + "&status=ISSUED").json(), found -> found.size() == 1).get(0);
        String invoiceId = invoice.get("id").asString();
        String number = invoice.get("number").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.get("/api/payments/invoices/" + invoiceId).status() == 200);
        // the link the customer's email carries (signed with the local run's key)
        String link = dev.billing.events.access.DocumentLinks.withKeys(dev.billing.events.access.DocumentLinks.LOCAL_ONLY_KEY)
                .token(dev.billing.events.access.DocumentLinks.Kind.INVOICE_PAYMENT, java.util.UUID.fromString(invoiceId),
                        Instant.now().plus(Duration.ofDays(1)));

        browser = Chromium.start();
        // a link changed by one character opens nothing, and says only that
        browser.get(platform.gatewayUrl() + "/p/" + link.substring(0, link.length() - 1) + (link.endsWith("A") ? "B" : "A"));
        assertThat(browser.findElement(By.id("portal-invalid")).getText()).isEqualTo("This link is invalid or has expired. Please ask us for a new one.");
        assertThat(browser.getPageSource()).doesNotContain(number);
        browser.get(platform.gatewayUrl() + "/p/" + link);
        assertThat(browser.findElements(By.cssSelector(".portal-invoice")).stream().map(WebElement::getText).toList())
                .containsExactly(number + " " + invoice.get("dueDate").asString() + " 600.00 EUR");
        assertThat(browser.findElement(By.id("pay-EUR")).getText()).isEqualTo("Pay 600.00 EUR by card");
        clickToNextPage(By.id("pay-EUR"));
        // the sandbox provider's hosted page
        assertThat(browser.findElement(By.id("amount")).getText()).isEqualTo("600.00 EUR");
        browser.findElement(By.id("card")).sendKeys("4000 0000 0000 3220");
        clickToNextPage(By.id("pay"));
        clickToNextPage(By.id("confirm"));
        assertThat(browser.getCurrentUrl()).startsWith(platform.gatewayUrl() + "/p/" + link + "/done?checkout=");
        assertThat(browser.findElement(By.id("portal-paid")).getText()).isEqualTo("Thank you: 600.00 EUR paid.");

        assertThat(await().atMost(Duration.ofSeconds(30)).until(() -> admin.get("/api/invoices/" + invoiceId).json().get("status").asString(),
                "PAID"::equals)).isEqualTo("PAID");
        await().atMost(Duration.ofSeconds(30)).until(() -> platform.mail().received().stream().anyMatch(m -> {
            try {
                return m.getSubject().equals("Payment received: invoice " + number);
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        }));
        clickToNextPage(By.id("portal-back"));
        // payment-service hears of the paid invoice from invoice-service a moment later
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            browser.navigate().refresh();
            return browser.findElements(By.id("portal-nothing")).stream().map(WebElement::getText).toList();
        }, texts -> texts.equals(List.of("Nothing is open to pay. Thank you!")));
    }

    @Test
    void anAccountantRecordsABankTransferOnTheInvoicePageAndTheInvoiceIsPaid() {
        String customerId = customer("Transfer Test Ltd.");
        assertThat(admin.post("/api/customers/" + customerId + "/charges", ApiClient.json(Map.of("description", "Audit",
                "unitPrice", "250.00", "currency", "EUR", "taxRate", "20", "invoiceNow", true))).status()).isEqualTo(201);
        String invoiceId = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> admin.get("/api/invoices?customerId=" + customerId + "&status=ISSUED").json(), found -> found.size() == 1)
                .get(0).get("id").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.get("/api/payments/invoices/" + invoiceId).status() == 200);

        signIn("ayse");
        browser.get(platform.gatewayUrl() + "/invoices/" + invoiceId);
        browser.findElement(By.id("payment-amount")).sendKeys("300.001");
        clickToNextPage(By.id("payment-submit"));
        assertThat(browser.findElement(By.cssSelector("#payment-form .field-error")).getText()).contains("more decimals than EUR has");
        retype(By.id("payment-amount"), "300.00");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("payment-method"))).selectByValue("BANK_TRANSFER");
        browser.findElement(By.id("payment-reference")).sendKeys("EFT Garanti 0042");
        clickToNextPage(By.id("payment-submit"));
        assertThat(browser.getPageSource()).contains("The payment was recorded");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            browser.navigate().refresh();
            return browser.findElements(By.cssSelector("#payment-list .payment-amount")).stream().map(WebElement::getText).toList();
        }, amounts -> amounts.equals(List.of("300.00 EUR")));
        assertThat(await().atMost(Duration.ofSeconds(30)).until(() -> admin.get("/api/invoices/" + invoiceId).json().get("status").asString(),
                "PAID"::equals)).isEqualTo("PAID");
    }

    @Test
    void aCustomerSavesTheCardWhilePayingReadsTheStatementInTurkishAndStaffSeeTheCardThePaymentAndTheStatement() throws Exception {
        String customerId = customer("Statement Test Ltd.");
        assertThat(admin.post("/api/customers/" + customerId + "/charges", ApiClient.json(Map.of("description", "Consulting",
                "unitPrice", "100.00", "currency", "EUR", "taxRate", "20", "invoiceNow", true))).status()).isEqualTo(201);
        JsonNode invoice = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> admin.get("/api/invoices?customerId=" + customerId + "&status=ISSUED").json(), found -> found.size() == 1).get(0);
        String invoiceId = invoice.get("id").asString();
        String number = invoice.get("number").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.get("/api/payments/invoices/" + invoiceId).status() == 200);
        // the link for all of the customer's open invoices
        String link = dev.billing.events.access.DocumentLinks.withKeys(dev.billing.events.access.DocumentLinks.LOCAL_ONLY_KEY)
                .token(dev.billing.events.access.DocumentLinks.Kind.ACCOUNT_PAYMENT, java.util.UUID.fromString(customerId),
                        Instant.now().plus(Duration.ofDays(1)));

        browser = Chromium.start();
        browser.get(platform.gatewayUrl() + "/p/" + link);
        assertThat(browser.findElements(By.id("portal-automatic"))).as("no card saved yet").isEmpty();
        browser.findElement(By.id("save-card-EUR")).click();
        clickToNextPage(By.id("pay-EUR"));
        assertThat(browser.findElement(By.id("save-card")).getText()).contains("saved for automatic payments");
        browser.findElement(By.id("card")).sendKeys("4242 4242 4242 4242");
        clickToNextPage(By.id("pay"));
        assertThat(browser.findElement(By.id("portal-paid")).getText()).isEqualTo("Thank you: 120.00 EUR paid.");
        clickToNextPage(By.id("portal-back"));
        assertThat(browser.findElement(By.id("portal-card")).getText()).contains("VISA **** **** **** 4242");

        // the statement shows the invoice (its PDF a click away) and, once invoice-service applied it, the payment
        clickToNextPage(By.id("portal-statement-link"));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            browser.navigate().refresh();
            return browser.findElements(By.cssSelector(".statement-entry")).stream().map(WebElement::getText).toList();
        }, rows -> rows.size() == 2 && rows.get(0).contains("Invoice " + number) && rows.get(0).contains("120.00")
                && rows.get(1).contains("Payment") && rows.get(1).endsWith("0.00"));
        String pdfLink = browser.findElement(By.cssSelector("a.statement-document")).getAttribute("href");
        assertThat(pdfLink).contains("/d/");
        clickToNextPage(By.linkText("Türkçe"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Hesap ekstresi");
        assertThat(browser.findElements(By.cssSelector(".statement-entry")).get(0).getText()).contains("Fatura " + number);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<byte[]> pdf = http.send(HttpRequest.newBuilder(URI.create(browser.findElement(By.id("statement-pdf")).getAttribute("href")))
                .header("Cookie", "ui-lang=tr").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type").orElse("")).startsWith("application/pdf");
        assertThat(new String(pdf.body(), 0, 5, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
        HttpResponse<byte[]> invoicePdf = http.send(HttpRequest.newBuilder(URI.create(pdfLink)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(invoicePdf.statusCode()).isEqualTo(200);
        String tampered = link.substring(0, link.length() - 1) + (link.endsWith("A") ? "B" : "A");
        assertThat(http.send(HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + "/p/" + tampered + "/statement.pdf")).build(),
                HttpResponse.BodyHandlers.ofByteArray()).statusCode()).as("a tampered link opens no statement").isEqualTo(404);

        browser.get(platform.gatewayUrl() + "/p/" + link + "?lang=en");
        clickToNextPage(By.id("portal-remove-card"));
        assertThat(browser.findElements(By.id("portal-automatic"))).as("automatic payments stopped").isEmpty();

        signIn("ayse");
        browser.get(platform.gatewayUrl() + "/customers/" + customerId);
        assertThat(browser.findElement(By.cssSelector("#customer-saved-cards .saved-card")).getText()).contains("**** 4242").contains("REMOVED");
        assertThat(browser.findElement(By.cssSelector("#customer-payments .customer-payment")).getText()).contains("120.00 EUR")
                .contains("sandbox");
        clickToNextPage(By.id("customer-statement"));
        assertThat(browser.findElements(By.cssSelector(".statement-entry")).stream().map(WebElement::getText).toList())
                .hasSize(2).first().asString().contains(number);
    }
}
