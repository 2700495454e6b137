package dev.billing.invoice.numbering;

import java.util.List;
import java.util.stream.LongStream;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Hands out the next numbers of a series and year inside the caller's transaction. The counter row
 * stays locked until that transaction ends, so concurrent issuers queue, and a rolled-back issue
 * gives its numbers back: the numbers stay gapless and increasing.
 */
@Repository
public class NumberSeries {
    private final JdbcClient jdbc;

    public NumberSeries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public String next(String series, int year) {
        return next(series, year, 1).get(0);
    }

    /** The next {@code count} numbers, in order, from one update of the counter. */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<String> next(String series, int year, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("At least one number: " + count);
        }
        long last = jdbc.sql("""
                        insert into number_series (series, year, last_number) values (:series, :year, :count)
                        on conflict (series, year) do update set last_number = number_series.last_number + :count
                        returning last_number""")
                .param("series", series).param("year", year).param("count", count)
                .query(Long.class).single();
        return LongStream.rangeClosed(last - count + 1, last).mapToObj(n -> InvoiceNumber.format(series, year, n)).toList();
    }
}
