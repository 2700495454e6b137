package dev.billing.invoice.numbering;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Hands out the next number of a series and year inside the caller's transaction. The counter row
 * stays locked until that transaction ends, so concurrent issuers queue, and a rolled-back issue
 * gives its number back: the numbers stay gapless and increasing.
 */
@Repository
public class NumberSeries {
    private final JdbcClient jdbc;

    public NumberSeries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public String next(String series, int year) {
        long sequence = jdbc.sql("""
                        insert into number_series (series, year, last_number) values (:series, :year, 1)
                        on conflict (series, year) do update set last_number = number_series.last_number + 1
                        returning last_number""")
                .param("series", series).param("year", year)
                .query(Long.class).single();
        return InvoiceNumber.format(series, year, sequence);
    }
}
