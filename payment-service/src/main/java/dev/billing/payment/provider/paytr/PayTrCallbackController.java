package dev.billing.payment.provider.paytr;

import dev.billing.payment.checkout.CompletingCheckout;
import dev.billing.payment.provider.PaymentProvider;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /webhooks/payments/paytr}: PayTR's notification ("Bildirim URL"), a form with {@code merchant_oid},
 * {@code status} ({@code success}/{@code failed}), {@code total_amount} (minor units, what was collected: more than the
 * order with instalment interest) and {@code hash = base64(HMAC-SHA256(merchant_oid + merchant_salt + status +
 * total_amount, merchant_key))}, compared in constant time. PayTR repeats a notification every minute until it reads
 * {@code OK}, so repeats are normal: a checkout is decided once and every repeat is answered {@code OK} too. A hash
 * that does not verify is a 403 and counted ({@code payments.webhooks.refused{provider=paytr}}).
 */
@RestController
class PayTrCallbackController {
    private static final Logger log = LoggerFactory.getLogger(PayTrCallbackController.class);
    private final PayTr paytr;
    private final CompletingCheckout completing;
    private final MeterRegistry meters;

    PayTrCallbackController(PayTr paytr, CompletingCheckout completing, MeterRegistry meters) {
        this.paytr = paytr;
        this.completing = completing;
        this.meters = meters;
    }

    @PostMapping(path = "/webhooks/payments/paytr", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE, produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<String> notification(@RequestParam Map<String, String> form) {
        String oid = form.get("merchant_oid");
        String status = form.get("status");
        String total = form.get("total_amount");
        if (!paytr.configured() || oid == null || status == null || total == null || !paytr.verifies(oid, status, total, form.get("hash"))) {
            meters.counter("payments.webhooks.refused", "provider", "paytr").increment();
            return ResponseEntity.status(403).body("PAYTR notification failed: bad hash");
        }
        UUID checkout;
        try {
            checkout = PayTr.checkoutId(oid);
        } catch (IllegalArgumentException notOurs) {
            log.error("PayTR notified order {}, which is not a checkout of ours; answered OK so that it stops", oid);
            return ResponseEntity.ok("OK");
        }
        boolean paid = status.equals("success");
        if (!total.matches("\\d{1,15}")) {
            log.error("PayTR notified order {} with total_amount {}; not recorded, answered OK so that it stops", oid, total);
            return ResponseEntity.ok("OK");
        }
        PaymentProvider.Outcome outcome = paid
                ? new PaymentProvider.Outcome(checkout, true, oid, new BigDecimal(total).movePointLeft(2), PayTr.currency(form.get("currency")), null)
                : PaymentProvider.Outcome.declined(checkout, oid,
                        form.getOrDefault("failed_reason_msg", "declined") + " (" + form.getOrDefault("failed_reason_code", "?") + ")");
        if (!completing.complete("paytr", outcome)) {
            log.error("PayTR notified checkout {}, which is unknown here; answered OK so that it stops", checkout);
        }
        return ResponseEntity.ok("OK");
    }
}
