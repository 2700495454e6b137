package dev.billing.billing.charge;

import dev.billing.events.billing.RequestedLine;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What goes on an invoice: the period's lines, every pending charge, and pending credits as far as
 * they fit — an invoice never goes below zero (net); the unused part of a credit waits for the next one.
 */
public final class InvoiceComposer {

    public record Composition(List<RequestedLine> lines, List<UUID> usedChargeIds, UUID partlyUsedCreditId,
                              BigDecimal creditLeft) {
    }

    public static Composition compose(List<RequestedLine> periodLines, List<PendingCharges.Charge> pending) {
        List<RequestedLine> lines = new ArrayList<>(periodLines);
        List<UUID> used = new ArrayList<>();
        BigDecimal net = periodLines.stream().map(l -> l.quantity().multiply(l.unitPrice())).reduce(BigDecimal.ZERO, BigDecimal::add);
        for (PendingCharges.Charge charge : pending) {
            if (charge.net().signum() >= 0) {
                lines.add(line(charge, charge.unitPrice()));
                used.add(charge.id());
                net = net.add(charge.net());
            }
        }
        for (PendingCharges.Charge credit : pending) {
            if (credit.net().signum() >= 0) {
                continue;
            }
            if (net.signum() <= 0) {
                break;
            }
            if (net.add(credit.net()).signum() >= 0) {
                lines.add(line(credit, credit.unitPrice()));
                used.add(credit.id());
                net = net.add(credit.net());
            } else {
                // a credit larger than what is left: use what fits, keep the rest for the next invoice
                BigDecimal usable = net.divide(credit.quantity(), 4, java.math.RoundingMode.DOWN);
                lines.add(line(credit, usable.negate()));
                BigDecimal left = credit.unitPrice().add(usable);
                return new Composition(lines, used, credit.id(), left);
            }
        }
        return new Composition(lines, used, null, null);
    }

    private static RequestedLine line(PendingCharges.Charge charge, BigDecimal unitPrice) {
        return new RequestedLine(charge.description(), charge.quantity(), unitPrice, charge.taxRate());
    }

    private InvoiceComposer() {
    }
}
