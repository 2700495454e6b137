package dev.billing.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billing.billing.run.BillingRun;
import dev.billing.support.testing.ApiClient;
import dev.billing.support.testing.IntegrationTest;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

/** An account's time zone is a name both java.time and PostgreSQL know; one unknown stored zone fails no billing run. */
@IntegrationTest
class TimeZonesIT {
    @Value("${local.server.port}")
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    BillingRun billingRun;
    @Autowired
    Clock clock;
    ApiClient api;

    @BeforeEach
    void setUp() {
        api = new ApiClient("http://localhost:" + port);
    }

    private static String account(String timeZone) {
        return ApiClient.json(Map.of("name", "Ada Ajans", "email", "ada@example.com", "language", "tr", "timeZone", timeZone,
                "paymentTermDays", 10));
    }

    private long customers() {
        return jdbc.sql("select count(*) from customer").query(Long.class).single();
    }

    @Test
    void offsetsAndNamesJavaOrPostgresqlDoesNotKnowAreA400NamingTimeZone() {
        List<String> refused = new ArrayList<>(List.of("+03:00", "UTC+3", "GMT+03:00", "Z", "Mars/Olympus", "europe/istanbul"));
        // names java.time knows and PostgreSQL does not (JDK 17 against PostgreSQL 17: the SystemV zones)
        Set<String> database = new HashSet<>(jdbc.sql("select name from pg_timezone_names").query(String.class).list());
        ZoneId.getAvailableZoneIds().stream().filter(id -> !database.contains(id)).sorted().limit(2).forEach(refused::add);
        String id = api.post("/api/customers", account("Europe/Istanbul")).json().get("id").asString();
        long before = customers();

        for (String zone : refused) {
            for (ApiClient.Response response : List.of(api.post("/api/customers", account(zone)),
                    api.put("/api/customers/" + id, account(zone)))) {
                assertThat(response.status()).as("%s: %s", zone, response.body()).isEqualTo(400);
                assertThat(response.header("Content-Type")).startsWith("application/problem+json");
                assertThat(response.json().get("field").asString()).isEqualTo("timeZone");
            }
        }
        assertThat(customers()).isEqualTo(before);
        assertThat(api.get("/api/customers/" + id).json().get("timeZone").asString()).isEqualTo("Europe/Istanbul");

        ApiClient.Response utc = api.post("/api/customers", account("UTC"));
        assertThat(utc.status()).as(utc.body()).isEqualTo(201);
        assertThat(utc.json().get("timeZone").asString()).isEqualTo("UTC");
    }

    @Test
    void aStoredZoneJavaDoesNotKnowFailsOnlyItsOwnSubscriptionInTheBillingRun() {
        LocalDate yesterday = clock.instant().atOffset(ZoneOffset.UTC).toLocalDate().minusDays(1);
        String customer = api.post("/api/customers", account("Europe/Istanbul")).json().get("id").asString();
        ApiClient.Response sold = api.post("/api/subscriptions", ApiClient.json(Map.of("customerId", customer,
                "description", "Hosting", "unitPrice", "100", "currency", "TRY", "taxRate", "20", "interval", "MONTHLY",
                "startDate", yesterday.toString())));
        assertThat(sold.status()).as(sold.body()).isEqualTo(201);
        // an account stored before zones were checked, with a subscription due as well
        UUID oldCustomer = UUID.randomUUID();
        UUID oldSubscription = UUID.randomUUID();
        jdbc.sql("""
                insert into customer (id, name, email, language, time_zone, payment_term_days, created_at)
                values (:id, 'Old Ltd.', 'old@example.com', 'en', 'Mars/Olympus', 10, now())""").param("id", oldCustomer).update();
        jdbc.sql("""
                insert into subscription (id, customer_id, description, quantity, unit_price, currency, tax_rate, billing_period,
                    start_date, periods_billed, next_cut_date, status, created_at)
                values (:id, :customer, 'Hosting', 1, 100, 'TRY', 20, 'P1M', :start, 0, :start, 'ACTIVE', now())""")
                .param("id", oldSubscription).param("customer", oldCustomer).param("start", yesterday).update();
        try {
            BillingRun.RunSummary run = billingRun.run("test", clock.instant());

            assertThat(run.failureCount()).isEqualTo(1);
            assertThat(run.lastFailure()).startsWith(oldSubscription.toString());
            assertThat(api.get("/api/subscriptions/" + sold.json().get("id").asString()).json().get("periodsBilled").asInt())
                    .isEqualTo(1);
        } finally {
            jdbc.sql("delete from subscription where id = :id").param("id", oldSubscription).update();
            jdbc.sql("delete from customer where id = :id").param("id", oldCustomer).update();
        }
    }
}
