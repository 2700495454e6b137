package dev.billing.reminder.profile;

import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * A customer's payer profile ({@link PayerProfile}) with the figures behind it, from what reminder-service recorded of
 * their invoices: one query for the paid ones (amount, days from due date to the day it was paid in the customer's
 * zone, reminders sent), one for promises and partial payments.
 */
@Repository
public class PayerProfiles {
    private final JdbcClient jdbc;

    PayerProfiles(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public PayerProfile of(UUID customerId) {
        List<PayerProfile.Paid> paid = jdbc.sql("""
                        select r.issued_amount, (r.closed_at at time zone r.time_zone)::date - r.due_date as days_late,
                            (select count(*) from reminder_step s where s.invoice_id = r.invoice_id and s.status = 'SENT'
                                and s.channel <> 'TASK') as reminders
                        from receivable r
                        where r.customer_id = ? and r.state = 'PAID' and r.closed_reason like 'paid (%' and r.issued_amount is not null""")
                .param(customerId)
                .query((rs, n) -> new PayerProfile.Paid(rs.getBigDecimal("issued_amount"), rs.getLong("days_late"), rs.getInt("reminders")))
                .list();
        int[] counts = jdbc.sql("select coalesce(sum(broken_promises), 0), coalesce(sum(partial_payments), 0) from receivable where customer_id = ?")
                .param(customerId).query((rs, n) -> new int[] {rs.getInt(1), rs.getInt(2)}).single();
        return PayerProfile.of(paid, counts[0], counts[1]);
    }
}
