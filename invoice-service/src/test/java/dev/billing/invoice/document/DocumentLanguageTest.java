package dev.billing.invoice.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class DocumentLanguageTest {

    @Test
    void amountsAreWrittenTheWayEachLanguageWritesThem() {
        BigDecimal amount = new BigDecimal("1234567.50");
        assertThat(DocumentLanguage.TR.amount(amount)).isEqualTo("1.234.567,50");
        assertThat(DocumentLanguage.HU.amount(amount)).isEqualTo("1 234 567,50");
        assertThat(DocumentLanguage.EN.amount(amount)).isEqualTo("1,234,567.50");
        assertThat(DocumentLanguage.TR.amount(new BigDecimal("-1234.56"))).isEqualTo("-1.234,56");
        assertThat(DocumentLanguage.HU.amount(new BigDecimal("12425"))).isEqualTo("12 425");
        assertThat(DocumentLanguage.EN.amount(new BigDecimal("0.00"))).isEqualTo("0.00");
    }

    @Test
    void quantitiesRatesAndPricesShowOnlyTheDecimalsTheyNeed() {
        assertThat(DocumentLanguage.TR.number(new BigDecimal("2.5"))).isEqualTo("2,5");
        assertThat(DocumentLanguage.EN.number(new BigDecimal("2E+1"))).isEqualTo("20");
        assertThat(DocumentLanguage.TR.price(new BigDecimal("2.5"), 2)).isEqualTo("2,50");
        assertThat(DocumentLanguage.HU.price(new BigDecimal("49.995"), 2)).isEqualTo("49,995");
        assertThat(DocumentLanguage.TR.percent(new BigDecimal("20"))).isEqualTo("%20");
        assertThat(DocumentLanguage.HU.percent(new BigDecimal("27"))).isEqualTo("27%");
    }

    @Test
    void datesFollowTheLanguage() {
        LocalDate date = LocalDate.of(2027, 3, 1);
        assertThat(DocumentLanguage.TR.date(date)).isEqualTo("01.03.2027");
        assertThat(DocumentLanguage.HU.date(date)).isEqualTo("2027.03.01.");
        assertThat(DocumentLanguage.EN.date(date)).isEqualTo("1 Mar 2027");
        assertThat(DocumentLanguage.EN.date(null)).isEmpty();
    }

    @Test
    void unknownOrRegionalLanguagesFallBackSensibly() {
        assertThat(DocumentLanguage.of("tr")).isEqualTo(DocumentLanguage.TR);
        assertThat(DocumentLanguage.of("hu-HU")).isEqualTo(DocumentLanguage.HU);
        assertThat(DocumentLanguage.of(" TR ")).isEqualTo(DocumentLanguage.TR);
        assertThat(DocumentLanguage.of("de")).isEqualTo(DocumentLanguage.EN);
        assertThat(DocumentLanguage.of(null)).isEqualTo(DocumentLanguage.EN);
    }

    @Test
    void everyLanguageHasEveryLabel() {
        for (DocumentLanguage language : DocumentLanguage.values()) {
            assertThat(language.labels().keySet()).as(language.name()).isEqualTo(DocumentLanguage.EN.labels().keySet());
            assertThat(language.labels().values()).as(language.name()).allMatch(label -> !label.isBlank());
        }
    }
}
