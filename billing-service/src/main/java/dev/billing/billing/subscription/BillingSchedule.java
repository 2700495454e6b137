package dev.billing.billing.subscription;

import java.time.LocalDate;
import java.time.Period;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The periods of a subscription. Without a billing day, period n starts on start + n x interval,
 * counted from the start date each time, so an anchor on the 31st falls back to a short month's last
 * day and returns to the 31st afterwards. With a billing day (month-based intervals only), period 0
 * runs from the start date to the first billing day after it (a partial period, prorated), and every
 * later period starts on the billing day (the 31st meaning the month's last day).
 * Billed in advance, a period is invoiced on its first day; in arrears, on the day after its last.
 */
public record BillingSchedule(LocalDate startDate, Period interval, Integer billingDay, boolean inArrears) {

    public BillingSchedule(LocalDate startDate, Period interval) {
        this(startDate, interval, null, false);
    }

    public BillingSchedule {
        if (billingDay != null && (billingDay < 1 || billingDay > 31 || interval.getDays() != 0)) {
            throw new IllegalArgumentException("A billing day (1-31) needs an interval of whole months or years");
        }
    }

    private boolean anchored() {
        return billingDay != null && startDate.getDayOfMonth() != dayIn(YearMonth.from(startDate));
    }

    private int dayIn(YearMonth month) {
        return Math.min(billingDay, month.lengthOfMonth());
    }

    /** The first billing day after the start date. */
    private LocalDate anchor() {
        YearMonth month = YearMonth.from(startDate);
        LocalDate candidate = month.atDay(dayIn(month));
        if (!candidate.isAfter(startDate)) {
            month = month.plusMonths(1);
            candidate = month.atDay(dayIn(month));
        }
        return candidate;
    }

    public LocalDate cutDate(int periodIndex) {
        if (periodIndex < 0) {
            throw new IllegalArgumentException("period index must not be negative: " + periodIndex);
        }
        if (periodIndex == 0) {
            return startDate;
        }
        if (billingDay == null) {
            return startDate.plus(interval.multipliedBy(periodIndex));
        }
        int offset = anchored() ? periodIndex - 1 : periodIndex;
        YearMonth base = YearMonth.from(anchored() ? anchor() : startDate);
        YearMonth month = base.plusMonths(interval.toTotalMonths() * offset);
        return month.atDay(dayIn(month));
    }

    /** Last day of period n (inclusive): the day before the next cut date. */
    public LocalDate periodEnd(int periodIndex) {
        return cutDate(periodIndex + 1).minusDays(1);
    }

    /**
     * The full-length period that period n is a part of, as [start, end): for the partial first
     * period of an anchored schedule, the interval from the real billing day before the anchor (with
     * billing day 31: 31 January before 28 February) to the anchor; otherwise period n itself.
     */
    public LocalDate[] fullPeriod(int periodIndex) {
        LocalDate end = cutDate(periodIndex + 1);
        return new LocalDate[] {periodIndex == 0 && anchored() ? billingDayBefore(end) : cutDate(periodIndex), end};
    }

    /** The billing day one interval before {@code anchor}: with billing day 31, 31 January before 28 February. */
    private LocalDate billingDayBefore(LocalDate anchor) {
        YearMonth month = YearMonth.from(anchor).minusMonths(interval.toTotalMonths());
        return month.atDay(dayIn(month));
    }

    /** True when period n is a shortened first period that must be prorated. */
    public boolean isPartial(int periodIndex) {
        return periodIndex == 0 && anchored();
    }

    /** Whether period n is to be invoiced on {@code today} (the account's local date). */
    public boolean isDue(int periodIndex, LocalDate today) {
        return !(inArrears ? cutDate(periodIndex + 1) : cutDate(periodIndex)).isAfter(today);
    }

    /** The index of the period that contains {@code date} (0 for dates before the start). */
    public int periodContaining(LocalDate date) {
        int n = 0;
        while (!cutDate(n + 1).isAfter(date)) {
            n++;
        }
        return n;
    }

    /** Days [start, end) of period n to invoice. */
    public record Span(int period, LocalDate start, LocalDate end) {
    }

    /** The spans to invoice, the first period not billed after them, and whether every day before the limit is billed then. */
    public record Due(List<Span> spans, int nextPeriod, boolean reachedLimit) {
    }

    /**
     * What is to be invoiced on {@code today} from period {@code first} on (from {@code unbilledFrom} when
     * that lies inside it: the days before it were billed at a pause), up to {@code limit} (exclusive; an
     * end or a pause, null for none), the last span cut short at the limit; at most {@code max} spans.
     * Billed in advance a span is due on its first day, in arrears on the day after its last.
     */
    public Due due(int first, LocalDate unbilledFrom, LocalDate limit, LocalDate today, int max) {
        List<Span> spans = new ArrayList<>();
        int period = first;
        while (spans.size() < max) {
            LocalDate cut = cutDate(period);
            LocalDate start = period == first && unbilledFrom != null && unbilledFrom.isAfter(cut) ? unbilledFrom : cut;
            if (limit != null && !start.isBefore(limit)) {
                return new Due(spans, period, true);
            }
            LocalDate fullEnd = cutDate(period + 1);
            LocalDate end = limit != null && limit.isBefore(fullEnd) ? limit : fullEnd;
            if ((inArrears ? end : start).isAfter(today)) {
                break;
            }
            spans.add(new Span(period, start, end));
            period++;
        }
        return new Due(spans, period, false);
    }

    /** The idempotency key of period n: subscription + period start. */
    public static String requestId(UUID subscriptionId, LocalDate periodStart) {
        return subscriptionId + ":" + periodStart;
    }
}
