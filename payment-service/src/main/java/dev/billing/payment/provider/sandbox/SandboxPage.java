package dev.billing.payment.provider.sandbox;

import dev.billing.payment.checkout.Checkouts;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.HtmlUtils;

/**
 * The sandbox provider's hosted payment page, {@code /pay/sandbox/{checkout}} (no sign-in: the customer's browser
 * comes from the portal). Test cards: {@code 4242 4242 4242 4242} is paid, {@code 4000 0000 0000 0002} declined,
 * {@code 4000 0000 0000 3220} asks for a confirmation step first (like 3-D Secure), which is confirmed or refused.
 * A decided charge is called back to the platform, signed, and the browser goes back to where the portal said.
 * No card number is stored: only its last four digits, in the sandbox's own book. A checkout that saves the card
 * ({@link SandboxCards}) also takes {@code 4000 0000 0000 9995} and {@code 4000 0000 0000 9979}, whose later automatic
 * charges are declined.
 */
@Controller
class SandboxPage {
    static final Map<String, String> CARDS = Map.of("4242424242424242", "pays", "4000000000000002", "is declined",
            "4000000000003220", "asks for a confirmation step");
    /** Cards that only a checkout saving the card takes: they pay now, and show what a declined automatic charge does. */
    static final Map<String, String> SAVED_CARDS = Map.of("4000000000009995", "pays now; its automatic charges are declined (insufficient funds)",
            "4000000000009979", "pays now; its automatic charges are declined (reported stolen)");
    private final Checkouts checkouts;
    private final SandboxCharges charges;
    private final SandboxCallbacks callbacks;
    private final Clock clock;
    private final SandboxProvider sandbox;
    private final SandboxCards cards;

    SandboxPage(Checkouts checkouts, SandboxCharges charges, SandboxCallbacks callbacks, Clock clock, SandboxProvider sandbox,
                SandboxCards cards) {
        this.sandbox = sandbox;
        this.cards = cards;
        this.checkouts = checkouts;
        this.charges = charges;
        this.callbacks = callbacks;
        this.clock = clock;
    }

    @GetMapping("/pay/sandbox/{id}")
    ResponseEntity<String> page(@PathVariable UUID id) {
        return checkouts.find(id).filter(checkout -> sandbox.configured()).map(checkout -> checkout.status().equals("OPEN") ? form(checkout, null) : decided(checkout))
                .orElseGet(SandboxPage::unknown);
    }

    @PostMapping("/pay/sandbox/{id}")
    ResponseEntity<String> pay(@PathVariable UUID id, @RequestParam(defaultValue = "") String card) {
        Checkouts.Checkout checkout = checkouts.find(id).filter(found -> sandbox.configured()).orElse(null);
        if (checkout == null) {
            return unknown();
        }
        if (!checkout.status().equals("OPEN")) {
            return decided(checkout);
        }
        String number = card.replaceAll("[\\s-]", "");
        if (!CARDS.containsKey(number) && !(checkout.saveCard() && SAVED_CARDS.containsKey(number))) {
            return form(checkout, "This is not one of the sandbox's test cards.");
        }
        String last4 = number.substring(number.length() - 4);
        // a declined card is not saved; any other is, when the customer asked for it
        String token = checkout.saveCard() && SandboxCards.BEHAVIOUR.containsKey(number) ? cards.save(number, clock.instant()) : null;
        if (number.equals("4000000000003220")) {
            charges.charge(id, SandboxCharges.AWAITING_CONFIRMATION, last4, null, token, clock.instant());
            return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create("/pay/sandbox/" + id + "/confirm")).build();
        }
        boolean paid = !number.equals("4000000000000002");
        return decide(checkout, paid ? SandboxCharges.SUCCEEDED : SandboxCharges.DECLINED, last4, paid ? null : "card declined", token);
    }

    @GetMapping("/pay/sandbox/{id}/confirm")
    ResponseEntity<String> confirmation(@PathVariable UUID id) {
        return checkouts.find(id).filter(checkout -> sandbox.configured()).map(checkout -> html(HttpStatus.OK, "Confirm the payment",
                "<p>Your bank asks you to confirm the payment of <strong>" + amount(checkout) + "</strong>.</p>"
                        + "<form method=\"post\"><button id=\"confirm\" name=\"decision\" value=\"confirm\">Confirm</button> "
                        + "<button id=\"refuse\" name=\"decision\" value=\"refuse\">Refuse</button></form>"))
                .orElseGet(SandboxPage::unknown);
    }

    @PostMapping("/pay/sandbox/{id}/confirm")
    ResponseEntity<String> confirm(@PathVariable UUID id, @RequestParam(defaultValue = "") String decision) {
        Checkouts.Checkout checkout = checkouts.find(id).filter(found -> sandbox.configured()).orElse(null);
        SandboxCharges.Charge awaiting = charges.find(id).orElse(null);
        if (checkout == null || awaiting == null) {
            return unknown();
        }
        if (!checkout.status().equals("OPEN") || !awaiting.status().equals(SandboxCharges.AWAITING_CONFIRMATION)) {
            return decided(checkout);
        }
        boolean confirmed = decision.equals("confirm");
        return decide(checkout, confirmed ? SandboxCharges.SUCCEEDED : SandboxCharges.DECLINED, awaiting.cardLast4(),
                confirmed ? null : "the card holder did not confirm the payment", confirmed ? awaiting.cardToken() : null);
    }

    private ResponseEntity<String> decide(Checkouts.Checkout checkout, String status, String last4, String reason, String cardToken) {
        if (charges.charge(checkout.id(), status, last4, reason, cardToken, clock.instant())) {
            SandboxCharges.Charge charge = charges.find(checkout.id()).orElseThrow();
            callbacks.send(checkout.id(), charge.transactionId(), charge.status(), charge.declineReason(),
                    charge.cardToken() == null ? null : cards.find(charge.cardToken()).orElseThrow());
        }
        return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create(checkout.returnUrl())).build();
    }

    private static ResponseEntity<String> form(Checkouts.Checkout checkout, String error) {
        StringBuilder cards = new StringBuilder();
        java.util.Map<String, String> offered = new java.util.TreeMap<>(CARDS);
        if (checkout.saveCard()) {
            offered.putAll(SAVED_CARDS);
        }
        offered.forEach((number, what) -> cards.append("<li><code>")
                .append(number.replaceAll("(\\d{4})(?=\\d)", "$1 ")).append("</code> ").append(what).append("</li>"));
        return html(error == null ? HttpStatus.OK : HttpStatus.UNPROCESSABLE_CONTENT, "Sandbox payment",
                "<p>Pay <strong id=\"amount\">" + amount(checkout) + "</strong></p>"
                        + (error == null ? "" : "<p id=\"error\" style=\"color:#b00\">" + HtmlUtils.htmlEscape(error) + "</p>")
                        + (checkout.saveCard() ? "<p id=\"save-card\">The card will be saved for automatic payments of your invoices on their due dates.</p>" : "")
                        + "<form method=\"post\"><label>Card number <input id=\"card\" name=\"card\" autocomplete=\"off\"></label> "
                        + "<button id=\"pay\">Pay</button></form>"
                        + "<p>This is the sandbox: no money moves. Test cards:</p><ul>" + cards + "</ul>");
    }

    private static ResponseEntity<String> decided(Checkouts.Checkout checkout) {
        return html(HttpStatus.OK, "Sandbox payment", "<p id=\"decided\">This payment is " + checkout.status().toLowerCase()
                + ".</p><p><a href=\"" + HtmlUtils.htmlEscape(checkout.returnUrl()) + "\">Back</a></p>");
    }

    private static ResponseEntity<String> unknown() {
        return html(HttpStatus.NOT_FOUND, "Sandbox payment", "<p>There is no such payment.</p>");
    }

    private static String amount(Checkouts.Checkout checkout) {
        return HtmlUtils.htmlEscape(dev.billing.support.money.Money.exact(checkout.amount(), checkout.currency()).toPlainString() + " " + checkout.currency());
    }

    private static ResponseEntity<String> html(HttpStatus status, String title, String body) {
        return ResponseEntity.status(status).contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title + "</title></head>"
                        + "<body style=\"font-family:sans-serif;max-width:40em;margin:2em auto\"><h1>" + title + "</h1>" + body
                        + "</body></html>");
    }
}
