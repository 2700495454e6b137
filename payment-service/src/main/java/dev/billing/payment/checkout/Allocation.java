package dev.billing.payment.checkout;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/** How one payment for several invoices is split: the oldest due first, each up to what is open on it. */
public final class Allocation {
    private Allocation() {
    }

    public record Open(UUID invoiceId, String number, LocalDate dueDate, BigDecimal openAmount) {
    }

    public record Share(UUID invoiceId, BigDecimal amount) {
    }

    /** {@code amount} over {@code open}, oldest due first (then by number); more than is open on them all is refused. */
    public static List<Share> oldestDueFirst(List<Open> open, BigDecimal amount) {
        List<Open> ordered = open.stream().sorted(Comparator.comparing(Open::dueDate).thenComparing(Open::number)).toList();
        List<Share> shares = new ArrayList<>();
        BigDecimal left = amount;
        for (Open invoice : ordered) {
            if (left.signum() <= 0) {
                break;
            }
            BigDecimal share = left.min(invoice.openAmount());
            if (share.signum() > 0) {
                shares.add(new Share(invoice.invoiceId(), share));
                left = left.subtract(share);
            }
        }
        if (left.signum() > 0) {
            throw new IllegalArgumentException(amount.toPlainString() + " is more than is open on the invoices");
        }
        return shares;
    }
}
