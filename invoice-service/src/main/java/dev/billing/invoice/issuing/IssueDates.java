package dev.billing.invoice.issuing;

import dev.billing.events.billing.InvoiceRequested;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * The dates of an invoice issued from a request. The issue date is the day it is issued (the
 * requested day, or today when the request is consumed late, e.g. from a backlog), so numbers follow
 * issue dates; the due date moves with it by the same days; the fulfilment (supply) date stays what
 * billing said: the period end in arrears, the cut date otherwise.
 */
public record IssueDates(LocalDate issueDate, LocalDate fulfilmentDate, LocalDate dueDate) {

    /** Hands out the next {@code count} numbers of a year, in order. */
    public interface NumberBlocks {
        List<String> next(int year, int count);
    }

    /**
     * The numbers of invoices with these dates, at the same places: handed out in issue-date order (a
     * request consumed late is issued today, after those of earlier days), one block per year, the
     * years in ascending order.
     */
    public static List<String> numbered(List<IssueDates> dates, NumberBlocks blocks) {
        TreeMap<Integer, List<Integer>> placesByYear = new TreeMap<>();
        IntStream.range(0, dates.size()).boxed().sorted(Comparator.comparing(i -> dates.get(i).issueDate()))
                .forEach(i -> placesByYear.computeIfAbsent(dates.get(i).issueDate().getYear(), y -> new ArrayList<>()).add(i));
        String[] numbers = new String[dates.size()];
        placesByYear.forEach((year, places) -> {
            List<String> block = blocks.next(year, places.size());
            for (int k = 0; k < places.size(); k++) {
                numbers[places.get(k)] = block.get(k);
            }
        });
        return List.of(numbers);
    }

    public static IssueDates of(InvoiceRequested request, LocalDate today) {
        LocalDate issue = today.isAfter(request.issueDate()) ? today : request.issueDate();
        long late = ChronoUnit.DAYS.between(request.issueDate(), issue);
        LocalDate due = request.dueDate() != null ? request.dueDate().plusDays(late) : issue.plusDays(request.paymentTermDays());
        LocalDate fulfilment = request.fulfilmentDate() != null ? request.fulfilmentDate() : request.issueDate();
        return new IssueDates(issue, fulfilment, due);
    }
}
