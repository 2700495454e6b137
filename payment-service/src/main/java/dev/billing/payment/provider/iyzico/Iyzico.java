package dev.billing.payment.provider.iyzico;

import dev.billing.payment.provider.PaymentProvider;
import dev.billing.payment.provider.ProviderHttp;
import dev.billing.payment.provider.ProviderRequests;
import dev.billing.support.security.Signatures;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * iyzico's Checkout Form, as iyzico's API documents it. Every call is JSON with {@code Authorization: IYZWSv2
 * base64("apiKey:<key>&randomKey:<rnd>&signature:<hex HMAC-SHA256(secret, rnd + path + body)>")} and {@code x-iyzi-rnd}.
 * <ul>
 * <li>{@code POST /payment/iyzipos/checkoutform/initialize/auth/ecom}: the checkout as {@code conversationId} and
 * {@code basketId}, price and paid price, the buyer from the invoice's bill-to, card instalments offered
 * ({@code enabledInstallments}), and {@code callbackUrl}, where iyzico sends the customer's browser back with the
 * form's {@code token}; answers {@code token} and {@code paymentPageUrl}, where the customer goes.</li>
 * <li>{@code POST /payment/iyzipos/checkoutform/auth/ecom/detail} ("CF-Retrieve") with the token: {@code paymentStatus}
 * {@code SUCCESS} (with {@code paymentId} and {@code paidPrice}) or {@code FAILURE}. A payment is recorded only from
 * this answer: after the browser's return, after a webhook, and in the reconciliation. A paid form's {@code paymentId}
 * and its one basket item's {@code itemTransactions[0].paymentTransactionId} are kept ({@code iyzico_form}) for
 * refunds.</li>
 * <li>{@code POST /payment/refund} with that {@code paymentTransactionId}, {@code price} and {@code currency} (our
 * refund as {@code conversationId}): {@code status} {@code success}, or {@code failure} with {@code errorCode} and
 * {@code errorMessage}: a refund. iyzico takes no idempotency key, so a refund asked for again (its first answer lost)
 * is looked up first: {@code GET /v2/reporting/payment/details?paymentId=} (iyzico's transaction report, signed over
 * the path alone) lists each basket item's {@code refunds} with their {@code refundConversationId}; one under our
 * refund's id with {@code refundStatus} 1 is that refund made, answered without refunding again.</li>
 * <li>Saved cards: a customer who ticks iyzico's "save my card" in the Checkout Form (after agreeing to automatic
 * charges in the portal) comes back from CF-Retrieve with {@code cardUserKey} and {@code cardToken}, kept as one token
 * {@code "<cardUserKey>|<cardToken>"} ({@code |}: both are base64, which has {@code /}), with {@code cardAssociation},
 * {@code lastFourDigits} (iyzico gives no expiry). An automatic charge is {@code POST /payment/auth} with
 * {@code paymentCard: {cardUserKey, cardToken}} (non-3-D Secure, the merchant's iyzico account must allow it), the
 * charge's idempotency key as {@code conversationId} and {@code basketId}, and the buyer the form was initialized
 * with. Asked again under the same key, the charge is looked up first in the transaction report by
 * {@code paymentConversationId}: a payment there with {@code paymentStatus} 1 is the charge made. A decline's
 * {@code errorCode} is mapped onto the decline codes of {@code RetrySchedule} ({@link #declineCode}). A card no longer
 * charged is deleted from iyzico's card storage: {@code DELETE /cardstorage/card} with {@code cardUserKey} and
 * {@code cardToken} ({@link #deleteSavedCard}).</li>
 * </ul>
 * A refund or charge is recorded before it is sent ({@link ProviderRequests}), so a key seen before is known as a
 * retry; a first request is sent at once. A lookup iyzico does not answer with {@code success}, or whose report lists
 * nothing under the key within {@link ProviderRequests#LISTING_DELAY} of its last sending, leaves the refund PENDING
 * (the charge CHARGING) to be asked again: nothing is sent again while iyzico cannot say what it made.
 * Webhooks ({@link IyzicoWebhookController}) are verified by {@code X-IYZ-SIGNATURE-V3}. Configured by
 * {@code IYZICO_API_KEY}, {@code IYZICO_SECRET_KEY}, {@code IYZICO_BASE_URL}; without the keys it is not offered;
 * {@code payment.iyzico.saves-cards=false} stops offering saved cards (an account without non-3-D Secure payments).
 */
@Component
public class Iyzico implements PaymentProvider {
    static final String INITIALIZE = "/payment/iyzipos/checkoutform/initialize/auth/ecom";
    static final String RETRIEVE = "/payment/iyzipos/checkoutform/auth/ecom/detail";
    static final String REFUND = "/payment/refund";
    static final String AUTH = "/payment/auth";
    static final String REPORT = "/v2/reporting/payment/details";
    static final String CARD_STORAGE = "/cardstorage/card";
    static final String CARD_LIST = "/cardstorage/cards";
    /** iyzico's bank error codes of declines, as the decline codes automatic charges are retried (or not) by. */
    private static final Map<String, String> DECLINES = Map.of("10051", "insufficient_funds", "10005", "do_not_honor",
            "10084", "incorrect_cvc", "10041", "lost_card", "10043", "stolen_card", "10054", "expired_card", "10034", "fraudulent",
            "10057", "transaction_not_allowed");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final List<String> CURRENCIES = List.of("TRY", "EUR", "USD", "GBP");
    private final String apiKey;
    private final String secretKey;
    private final String publicBaseUrl;
    private final RestClient http;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final ProviderRequests requests;
    private final boolean savesCards;

    Iyzico(@Value("${payment.iyzico.api-key:}") String apiKey, @Value("${payment.iyzico.secret-key:}") String secretKey,
           @Value("${payment.iyzico.base-url:https://api.iyzipay.com}") String baseUrl,
           @Value("${payment.iyzico.read-timeout:20s}") Duration readTimeout, @Value("${payment.public-base-url}") String publicBaseUrl,
           @Value("${payment.iyzico.saves-cards:true}") boolean savesCards, JdbcClient jdbc, Clock clock,
           ProviderRequests requests) {
        this.apiKey = apiKey;
        this.savesCards = savesCards;
        this.secretKey = secretKey;
        this.publicBaseUrl = publicBaseUrl;
        this.jdbc = jdbc;
        this.clock = clock;
        this.requests = requests;
        this.http = ProviderHttp.client(baseUrl, readTimeout).build();
    }

    @Override
    public String name() {
        return "iyzico";
    }

    @Override
    public boolean configured() {
        return !apiKey.isBlank() && !secretKey.isBlank();
    }

    @Override
    public boolean accepts(String currency) {
        return CURRENCIES.contains(currency);
    }

    /** The IYZWSv2 authorization of a call to {@code path} with {@code body} and the random key {@code rnd}. */
    String authorization(String rnd, String path, String body) {
        String signature = HexFormat.of().formatHex(Signatures.hmacSha256(secretKey, (rnd + path + body).getBytes(StandardCharsets.UTF_8)));
        return "IYZWSv2 " + Base64.getEncoder().encodeToString(("apiKey:" + apiKey + "&randomKey:" + rnd + "&signature:" + signature)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Whether a webhook's {@code X-IYZ-SIGNATURE-V3} is iyzico's: hex HMAC-SHA256(secret, secret + event type + payment id + token + conversation id + status). */
    boolean verifies(JsonNode event, String signature) {
        String data = secretKey + event.path("iyziEventType").asString() + event.path("iyziPaymentId").asString()
                + event.path("token").asString() + event.path("paymentConversationId").asString() + event.path("status").asString();
        return Signatures.matches(HexFormat.of().formatHex(Signatures.hmacSha256(secretKey, data.getBytes(StandardCharsets.UTF_8))), signature);
    }

    private JsonNode call(String path, Map<String, Object> request) {
        return call(HttpMethod.POST, path, request);
    }

    private JsonNode call(HttpMethod method, String path, Map<String, Object> request) {
        String body = JSON.writeValueAsString(request);
        String rnd = Long.toString(clock.millis()) + RANDOM.nextInt(1_000_000);
        return JSON.readTree(http.method(method).uri(path).contentType(MediaType.APPLICATION_JSON).header("Authorization", authorization(rnd, path, body))
                .header("x-iyzi-rnd", rnd).body(body).retrieve().body(String.class));
    }

    /** iyzico's transaction report of the payments under {@code query} ({@code paymentId=} or {@code paymentConversationId=}). */
    private JsonNode report(String query) {
        String rnd = Long.toString(clock.millis()) + RANDOM.nextInt(1_000_000);
        // a GET is signed over the path alone, without its query (iyzipay's IyziAuthV2Generator)
        JsonNode report = JSON.readTree(http.get().uri(REPORT + "?locale=tr&conversationId=" + UUID.randomUUID() + "&" + query)
                .header("Authorization", authorization(rnd, REPORT, "")).header("x-iyzi-rnd", rnd).retrieve().body(String.class));
        if (!"success".equals(report.path("status").asString())) {
            throw new IllegalStateException("iyzico's transaction report did not answer (" + query + "): "
                    + report.path("errorMessage").asString("status " + report.path("status").asString()) + " ("
                    + report.path("errorCode").asString("?") + ")");
        }
        return report.path("payments");
    }

    @Override
    public String start(Start checkout) {
        String price = checkout.amount().toPlainString();
        String[] names = checkout.payer().name() == null ? new String[] {"-"} : checkout.payer().name().trim().split("\\s+", 2);
        Map<String, Object> buyer = new LinkedHashMap<>();
        buyer.put("id", checkout.checkoutId().toString());
        buyer.put("name", names[0]);
        buyer.put("surname", names.length > 1 ? names[1] : names[0]);
        buyer.put("email", checkout.payer().email() == null ? "-" : checkout.payer().email());
        if (checkout.payer().phone() != null) {
            buyer.put("gsmNumber", checkout.payer().phone());
        }
        // iyzico asks for a national id; a business customer's is not known here: iyzico's documented placeholder
        buyer.put("identityNumber", "11111111111");
        buyer.put("registrationAddress", "-");
        buyer.put("city", "-");
        buyer.put("country", "-");
        buyer.put("ip", checkout.payer().ip() == null ? "127.0.0.1" : checkout.payer().ip());
        Map<String, Object> address = Map.of("contactName", checkout.payer().name() == null ? "-" : checkout.payer().name(),
                "city", "-", "country", "-", "address", "-");
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("locale", "tr");
        request.put("conversationId", checkout.checkoutId().toString());
        request.put("price", price);
        request.put("paidPrice", price);
        request.put("currency", checkout.currency());
        request.put("basketId", checkout.checkoutId().toString());
        request.put("paymentGroup", "PRODUCT");
        request.put("callbackUrl", publicBaseUrl + "/webhooks/payments/iyzico/return?checkout=" + checkout.checkoutId());
        request.put("enabledInstallments", List.of(1, 2, 3, 6, 9, 12));
        request.put("buyer", buyer);
        request.put("billingAddress", address);
        request.put("basketItems", List.of(Map.of("id", checkout.checkoutId().toString(), "name", checkout.description(),
                "category1", "Invoice", "itemType", "VIRTUAL", "price", price)));
        JsonNode answer = call(INITIALIZE, request);
        if (!"success".equals(answer.path("status").asString())) {
            throw new IllegalStateException("iyzico refused the checkout form: " + answer.path("errorMessage").asString());
        }
        jdbc.sql("insert into iyzico_form (checkout_id, token, created_at, buyer) values (:checkout, :token, :at, :buyer)"
                        + " on conflict do nothing")
                .param("checkout", checkout.checkoutId()).param("token", answer.path("token").asString())
                .param("at", Timestamp.from(clock.instant())).param("buyer", JSON.writeValueAsString(Map.of("buyer", buyer, "address", address)))
                .update();
        return answer.path("paymentPageUrl").asString();
    }

    /** The token of the checkout's form, if it was sent to iyzico. */
    Optional<String> token(UUID checkoutId) {
        return jdbc.sql("select token from iyzico_form where checkout_id = :id").param("id", checkoutId).query(String.class).optional();
    }

    /** CF-Retrieve: what iyzico decided about the form, for the checkout it belongs to; empty while nothing is. */
    Optional<Outcome> retrieve(UUID checkoutId, String token) {
        JsonNode form = call(RETRIEVE, Map.of("locale", "tr", "conversationId", checkoutId.toString(), "token", token));
        if (!"success".equals(form.path("status").asString()) || !checkoutId.toString().equals(form.path("basketId").asString(checkoutId.toString()))) {
            return Optional.empty();
        }
        String paymentStatus = form.path("paymentStatus").asString();
        if (paymentStatus.equals("FAILURE") || (paymentStatus.equals("SUCCESS") && form.path("fraudStatus").asInt(1) == -1)) {
            return Optional.of(Outcome.declined(checkoutId, form.path("paymentId").asString(null),
                    form.path("errorMessage").asString(paymentStatus.equals("FAILURE") ? "declined at iyzico" : "refused by iyzico's fraud check")));
        }
        // fraudStatus 0: iyzico's fraud team is still looking at it; only 1 means the payment may be relied on
        if (paymentStatus.equals("SUCCESS") && form.path("fraudStatus").asInt(1) == 1) {
            // iyzico refunds by basket item, and the form's basket is the one item of the checkout
            SavedCard card = savedCard(form);
            jdbc.sql("update iyzico_form set payment_id = :payment, payment_transaction_id = :item, saved_card = :card where checkout_id = :checkout")
                    .param("payment", form.path("paymentId").asString())
                    .param("item", form.path("itemTransactions").path(0).path("paymentTransactionId").asString(null))
                    .param("card", card == null ? null : card.token()).param("checkout", checkoutId).update();
            return Optional.of(new Outcome(checkoutId, true, form.path("paymentId").asString(), new BigDecimal(form.path("paidPrice").asString()),
                    form.path("currency").asString(null), null, card));
        }
        return Optional.empty();
    }

    /** The card the customer saved in the form, if CF-Retrieve names one; null when not (iyzico gives no expiry). */
    private static SavedCard savedCard(JsonNode form) {
        String userKey = form.path("cardUserKey").asString("");
        String cardToken = form.path("cardToken").asString("");
        String last4 = form.path("lastFourDigits").asString("");
        if (userKey.isBlank() || cardToken.isBlank() || !last4.matches("\\d{4}")) {
            return null;
        }
        return new SavedCard(userKey + "|" + cardToken, brand(form.path("cardAssociation").asString(null)), last4, null);
    }

    /** Our brand of iyzico's {@code cardAssociation} (VISA, MASTER_CARD, AMERICAN_EXPRESS, TROY). */
    static String brand(String association) {
        if (association == null || association.isBlank()) {
            return null;
        }
        return switch (association) {
            case "MASTER_CARD" -> "MASTERCARD";
            case "AMERICAN_EXPRESS" -> "AMEX";
            default -> association;
        };
    }

    @Override
    public Optional<Outcome> status(UUID checkoutId) {
        return token(checkoutId).flatMap(token -> retrieve(checkoutId, token));
    }

    @Override
    public boolean refunds() {
        return true;
    }

    @Override
    public RefundOutcome refund(RefundOrder order) {
        Optional<String> item = jdbc.sql("select payment_transaction_id from iyzico_form where payment_id = :payment"
                        + " and payment_transaction_id is not null")
                .param("payment", order.transactionId()).query(String.class).optional();
        if (item.isEmpty()) {
            return RefundOutcome.refused(null, "the basket item of iyzico payment " + order.transactionId() + " is not known here"
                    + " (paid before refunds went to iyzico): refund it in iyzico's merchant panel");
        }
        Optional<Instant> sentBefore = requests.sentBefore(name(), order.idempotencyKey());
        if (sentBefore.isPresent()) {
            Optional<String> made = refundMade(order);
            if (made.isPresent()) {
                return RefundOutcome.succeeded(made.get());
            }
            requests.resendingUnlisted(name(), order.idempotencyKey(), sentBefore.get());
        }
        JsonNode answer = call(REFUND, Map.of("locale", "tr", "conversationId", order.idempotencyKey().toString(),
                "paymentTransactionId", item.get(), "price", order.amount().toPlainString(), "currency", order.currency()));
        return switch (answer.path("status").asString()) {
            case "success" -> RefundOutcome.succeeded(answer.path("paymentTransactionId").asString(item.get()));
            case "failure" -> RefundOutcome.refused(null, answer.path("errorMessage").asString("refused by iyzico") + " ("
                    + answer.path("errorCode").asString("?") + ")");
            default -> throw new IllegalStateException("iyzico answered the refund with status " + answer.path("status").asString());
        };
    }

    /**
     * Whether iyzico made the refund asked for again, as its transaction report of the payment lists it: the refunded
     * basket item's {@code paymentTransactionId} when it did; empty when it made none under our refund's id (or only a
     * failed one: nothing was given back), so that it is sent again.
     */
    private Optional<String> refundMade(RefundOrder order) {
        String key = order.idempotencyKey().toString();
        for (JsonNode payment : report("paymentId=" + order.transactionId())) {
            for (JsonNode item : payment.path("itemTransactions")) {
                for (JsonNode refund : item.path("refunds")) {
                    if (key.equals(refund.path("refundConversationId").asString(null)) && refund.path("refundStatus").asInt(-1) == 1) {
                        return Optional.of(item.path("paymentTransactionId").asString());
                    }
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean savesCards() {
        return configured() && savesCards;
    }

    /**
     * Charges a card saved in a Checkout Form ({@code "<cardUserKey>|<cardToken>"}) with {@code POST /payment/auth}: paid,
     * declined with the decline code of iyzico's {@code errorCode}, or no answer (an exception) while iyzico's fraud team
     * is still looking at it or iyzico cannot be reached. A key sent before is looked up first and never charged twice.
     */
    @Override
    public Charged chargeSaved(SavedCharge charge) {
        String[] card = cardUserKeyAndToken(charge.cardToken());
        String key = charge.idempotencyKey().toString();
        Optional<Instant> sentBefore = requests.sentBefore(name(), charge.idempotencyKey());
        if (sentBefore.isPresent()) {
            Optional<Charged> made = chargeMade(key);
            if (made.isPresent()) {
                return made.get();
            }
            requests.resendingUnlisted(name(), charge.idempotencyKey(), sentBefore.get());
        }
        String price = charge.amount().toPlainString();
        Map<String, Object> form = jdbc.sql("select buyer from iyzico_form where saved_card = :card and buyer is not null order by created_at desc limit 1")
                .param("card", charge.cardToken()).query(String.class).optional()
                .map(json -> JSON.readValue(json, MAP)).orElseGet(Iyzico::unknownBuyer);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("locale", "tr");
        request.put("conversationId", key);
        request.put("price", price);
        request.put("paidPrice", price);
        request.put("currency", charge.currency());
        request.put("installment", 1);
        request.put("basketId", key);
        request.put("paymentChannel", "WEB");
        request.put("paymentGroup", "PRODUCT");
        request.put("paymentCard", Map.of("cardUserKey", card[0], "cardToken", card[1]));
        request.put("buyer", form.get("buyer"));
        request.put("billingAddress", form.get("address"));
        request.put("basketItems", List.of(Map.of("id", key, "name", charge.description(), "category1", "Invoice", "itemType", "VIRTUAL",
                "price", price)));
        JsonNode answer = call(AUTH, request);
        return switch (answer.path("status").asString()) {
            case "success" -> paid(answer.path("paymentId").asString(), answer.path("fraudStatus").asInt(1));
            case "failure" -> {
                String code = answer.path("errorCode").asString("?");
                yield new Charged(false, answer.path("paymentId").asString(null), declineCode(code),
                        answer.path("errorMessage").asString("declined at iyzico") + " (" + code + ")");
            }
            default -> throw new IllegalStateException("iyzico answered the charge with status " + answer.path("status").asString());
        };
    }

    private static String[] cardUserKeyAndToken(String cardToken) {
        String[] card = cardToken.split("\\|", 2);
        if (card.length != 2) {
            throw new IllegalArgumentException("not an iyzico saved card: " + cardToken);
        }
        return card;
    }

    /**
     * Deletes the card from iyzico's card storage ({@code DELETE /cardstorage/card}): {@code status} {@code success} is
     * deleted. iyzico documents no error code that tells "no such card" (a repeated delete whose first answer was lost)
     * from a refusal, so after {@code failure} the card user's cards are read back ({@code POST /cardstorage/cards}): a
     * card no longer listed is deleted, one still listed is refused with the delete's {@code errorMessage} and
     * {@code errorCode}, and a list iyzico does not give is no answer (asked again later).
     */
    @Override
    public CardDeletion deleteSavedCard(String cardToken) {
        String[] card = cardUserKeyAndToken(cardToken);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("locale", "tr");
        request.put("conversationId", UUID.randomUUID().toString());
        request.put("cardUserKey", card[0]);
        request.put("cardToken", card[1]);
        JsonNode answer = call(HttpMethod.DELETE, CARD_STORAGE, request);
        if ("success".equals(answer.path("status").asString())) {
            return CardDeletion.done();
        }
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("locale", "tr");
        list.put("conversationId", UUID.randomUUID().toString());
        list.put("cardUserKey", card[0]);
        JsonNode cards = call(CARD_LIST, list);
        if (!"success".equals(cards.path("status").asString())) {
            throw new IllegalStateException("iyzico did not delete the card (" + answer.path("errorMessage").asString("?")
                    + ") nor list its user's cards (" + cards.path("errorMessage").asString("status " + cards.path("status").asString())
                    + "); asked again later");
        }
        for (JsonNode listed : cards.path("cardDetails")) {
            if (card[1].equals(listed.path("cardToken").asString(null))) {
                return CardDeletion.refused(answer.path("errorMessage").asString("refused by iyzico") + " ("
                        + answer.path("errorCode").asString("?") + ")");
            }
        }
        return CardDeletion.done();
    }

    private static final tools.jackson.core.type.TypeReference<Map<String, Object>> MAP = new tools.jackson.core.type.TypeReference<>() {
    };

    /** A buyer for a card whose form is not known here (none should be): iyzico's placeholders. */
    private static Map<String, Object> unknownBuyer() {
        Map<String, Object> buyer = new LinkedHashMap<>();
        buyer.put("id", "-");
        buyer.put("name", "-");
        buyer.put("surname", "-");
        buyer.put("email", "-");
        buyer.put("identityNumber", "11111111111");
        buyer.put("registrationAddress", "-");
        buyer.put("city", "-");
        buyer.put("country", "-");
        buyer.put("ip", "127.0.0.1");
        return Map.of("buyer", buyer, "address", Map.of("contactName", "-", "city", "-", "country", "-", "address", "-"));
    }

    /** A charge iyzico took: paid once its fraud check passed (1), refused by it (-1), or not decided yet (0: asked again). */
    private static Charged paid(String paymentId, int fraudStatus) {
        if (fraudStatus == -1) {
            return new Charged(false, paymentId, "fraudulent", "refused by iyzico's fraud check");
        }
        if (fraudStatus != 1) {
            throw new IllegalStateException("iyzico payment " + paymentId + " is under its fraud team's review; asked again later");
        }
        return new Charged(true, paymentId, null, null);
    }

    /** The charge under {@code key} iyzico made before, as its transaction report lists it; empty when it made none. */
    private Optional<Charged> chargeMade(String key) {
        for (JsonNode payment : report("paymentConversationId=" + key)) {
            // paymentStatus 1: the payment succeeded; a failed one took nothing and is tried again
            if (key.equals(payment.path("paymentConversationId").asString(key)) && payment.path("paymentStatus").asInt(-1) == 1) {
                return Optional.of(paid(payment.path("paymentId").asString(), payment.path("fraudStatus").asInt(1)));
            }
        }
        return Optional.empty();
    }

    /**
     * The decline code of iyzico's {@code errorCode} (its bank error codes, 10000 and up): 10051 not sufficient funds,
     * 10005 do not honour, 10084 invalid CVC2 (tried again on the schedule); 10041 lost card, 10043 stolen card, 10054
     * expired card, 10034 fraud suspect, 10057 not permitted to card holder (hard declines: the card is blocked and never
     * tried again, {@code RetrySchedule}); any other is {@code card_declined}, tried again on the schedule.
     */
    static String declineCode(String errorCode) {
        return DECLINES.getOrDefault(errorCode, "card_declined");
    }
}
