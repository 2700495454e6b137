package dev.billing.notification.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageTextTest {
    @Test
    void fillsPlaceholdersAndKeepsUnknownOnesVisible() {
        assertThat(MessageText.fill("Sayın {name}, {number} {missing}", Map.of("name", "Şükrü Öztürk", "number", "INV-2027-000001")))
                .isEqualTo("Sayın Şükrü Öztürk, INV-2027-000001 {missing}");
        assertThat(MessageText.fill("{name}", Map.of("name", "a$b\\c"))).isEqualTo("a$b\\c");
    }

    @Test
    void amountsAndDatesReadNaturallyInEachLanguage() {
        BigDecimal amount = new BigDecimal("18360.14");
        assertThat(MessageText.amount(amount, "tr")).isEqualTo("18.360,14");
        assertThat(MessageText.amount(amount, "en")).isEqualTo("18,360.14");
        assertThat(MessageText.amount(amount, "hu").replace('\u00a0', ' ').replace('\u202f', ' ')).isEqualTo("18 360,14");
        assertThat(MessageText.amount(new BigDecimal("12000"), "hu").replace('\u00a0', ' ').replace('\u202f', ' ')).isEqualTo("12 000");
        LocalDate date = LocalDate.of(2027, 3, 9);
        assertThat(MessageText.date(date, "tr")).isEqualTo("09.03.2027");
        assertThat(MessageText.date(date, "hu")).isEqualTo("2027.03.09.");
        assertThat(MessageText.date(date, "en")).isEqualTo("9 Mar 2027");
    }
}
