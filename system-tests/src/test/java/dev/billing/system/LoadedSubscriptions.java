package dev.billing.system;

import dev.billing.local.Platform;
import dev.billing.local.PlatformService;
import dev.billing.local.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;

/**
 * Accounts and monthly subscriptions written straight into billing-service's database, for runs that
 * measure or break the billing run rather than the sign-up: account {@code n} (1..accounts) has the
 * subscriptions {@code g} with {@code g % accounts == n - 1}, and subscription {@code g} is first cut
 * on {@code firstCut + g % days}. Loading again adds subscriptions to the accounts already there.
 */
final class LoadedSubscriptions {

    static void load(Platform platform, int subscriptions, int accounts, LocalDate firstCut, int days) throws SQLException {
        try (Connection db = DriverManager.getConnection(platform.environmentOf(PlatformService.BILLING).get("DB_URL"),
                PostgresServer.USER, PostgresServer.PASSWORD);
             PreparedStatement customers = db.prepareStatement("""
                     insert into customer (id, name, email, language, time_zone, payment_term_days, created_at)
                     select ('00000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid, 'Account ' || g,
                         'account' || g || '@example.com', 'en', 'UTC', 14, now()
                     from generate_series(1, ?) g
                     on conflict (id) do nothing""");
             PreparedStatement subs = db.prepareStatement("""
                     insert into subscription (id, customer_id, description, quantity, unit_price, currency, tax_rate,
                         billing_period, start_date, periods_billed, next_cut_date, status, created_at)
                     select gen_random_uuid(), ('00000000-0000-0000-0000-' || lpad((1 + g % ?)::text, 12, '0'))::uuid,
                         'Service ' || g, 1, 1000, 'TRY', 20, 'P1M', ?::date + (g % ?), 0, ?::date + (g % ?), 'ACTIVE', now()
                     from generate_series(0, ? - 1) g""")) {
            customers.setInt(1, accounts);
            customers.executeUpdate();
            subs.setInt(1, accounts);
            subs.setObject(2, firstCut);
            subs.setInt(3, days);
            subs.setObject(4, firstCut);
            subs.setInt(5, days);
            subs.setInt(6, subscriptions);
            subs.executeUpdate();
        }
    }

    private LoadedSubscriptions() {
    }
}
