package dev.billing.billing.charge;

import dev.billing.events.billing.RequestedLine;
import dev.billing.support.money.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What goes on an invoice: the period's lines, every pending charge, and pending credits as far as
 * they fit — per tax rate: a credit only reduces what the invoice holds at its own rate, counted in
 * rounded line amounts as the invoice counts them, so no rate's net (and so its tax) goes below zero
 * and the gross never does. The unused part of a credit waits for the next invoice.
 */
public final class InvoiceComposer {

    /** A credit used in part: {@code usedUnitPrice} went on the invoice, {@code leftUnitPrice} waits. */
    public record PartlyUsed(UUID creditId, BigDecimal usedUnitPrice, BigDecimal leftUnitPrice) {
    }

    public record Composition(List<RequestedLine> lines, List<UUID> usedChargeIds, List<PartlyUsed> partlyUsed) {
    }

    public static Composition compose(String currency, List<RequestedLine> periodLines, List<PendingCharges.Charge> pending) {
        int minorDigits = Money.minorDigits(Currency.getInstance(currency));
        List<RequestedLine> lines = new ArrayList<>(periodLines);
        List<UUID> used = new ArrayList<>();
        List<PartlyUsed> partlyUsed = new ArrayList<>();
        for (PendingCharges.Charge charge : pending) {
            if (charge.net().signum() >= 0) {
                lines.add(line(charge, charge.unitPrice()));
                used.add(charge.id());
            }
        }
        Map<BigDecimal, BigDecimal> room = new HashMap<>();
        lines.forEach(l -> room.merge(rate(l.taxRate()), rounded(l.quantity().multiply(l.unitPrice()), minorDigits), BigDecimal::add));
        for (PendingCharges.Charge credit : pending) {
            BigDecimal left = room.getOrDefault(rate(credit.taxRate()), BigDecimal.ZERO);
            if (credit.net().signum() >= 0 || left.signum() <= 0) {
                continue;
            }
            BigDecimal amount = rounded(credit.net(), minorDigits).negate();
            if (amount.compareTo(left) <= 0) {
                lines.add(line(credit, credit.unitPrice()));
                used.add(credit.id());
                room.put(rate(credit.taxRate()), left.subtract(amount));
            } else {
                BigDecimal usable = left.divide(credit.quantity(), 4, RoundingMode.DOWN);
                if (usable.signum() > 0) {
                    lines.add(line(credit, usable.negate()));
                    partlyUsed.add(new PartlyUsed(credit.id(), usable.negate(), credit.unitPrice().add(usable)));
                    room.put(rate(credit.taxRate()), left.subtract(credit.quantity().multiply(usable)));
                }
            }
        }
        return new Composition(lines, used, partlyUsed);
    }

    private static BigDecimal rate(BigDecimal taxRate) {
        return taxRate.stripTrailingZeros();
    }

    private static BigDecimal rounded(BigDecimal amount, int minorDigits) {
        return amount.setScale(minorDigits, RoundingMode.HALF_UP);
    }

    private static RequestedLine line(PendingCharges.Charge charge, BigDecimal unitPrice) {
        return new RequestedLine(charge.description(), charge.quantity(), unitPrice, charge.taxRate());
    }

    private InvoiceComposer() {
    }
}
