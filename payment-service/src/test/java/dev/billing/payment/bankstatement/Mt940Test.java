package dev.billing.payment.bankstatement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Mt940Test {
    private static final String SEVERAL = new String(Camt053Test.resource("mt940-several.sta"), StandardCharsets.UTF_8);

    @Test
    void aStatementWithSeveralEntriesGivesEachWithItsDetails() {
        BankStatement statement = Mt940.parse(SEVERAL.getBytes(StandardCharsets.UTF_8));

        assertThat(statement.format()).isEqualTo("MT940");
        assertThat(statement.statementId()).isEqualTo("STARTUMSE");
        assertThat(statement.account()).isEqualTo("10020030/1234567890");
        assertThat(statement.lines()).hasSize(3);
        StatementLine german = statement.lines().get(0);
        assertThat(german.direction()).isEqualTo(StatementLine.Direction.CREDIT);
        assertThat(german.amount()).isEqualTo("1190.00");
        assertThat(german.currency()).as("the opening balance's").isEqualTo("EUR");
        assertThat(german.valueDate()).isEqualTo(LocalDate.of(2027, 3, 12));
        assertThat(german.bookingDate()).isEqualTo(LocalDate.of(2027, 3, 12));
        assertThat(german.entryReference()).as("the bank's reference after //, not NONREF").isEqualTo("DE270312A1");
        assertThat(german.remittance()).as("?20-?29 joined as wrapped").isEqualTo("EREF+NOTPROVIDEDSVWZ+Rechnung INV-2027-000003 vielen Dank");
        assertThat(german.payerName()).as("?32 and ?33").isEqualTo("MUELLER MASCHINENBAU GMBH");
        StatementLine debit = statement.lines().get(1);
        assertThat(debit.direction()).isEqualTo(StatementLine.Direction.DEBIT);
        assertThat(debit.amount()).isEqualTo("450.00");
        assertThat(debit.remittance()).isEqualTo("Miete Maerz");
        StatementLine plain = statement.lines().get(2);
        assertThat(plain.amount()).as("75,5 in EUR").isEqualTo("75.50");
        assertThat(plain.entryReference()).as("the customer reference when the bank gives none").isEqualTo("4711");
        assertThat(plain.remittance()).isEqualTo("Ueberweisung Kunde 4711 ohne Rechnungsnummer");
        assertThat(plain.payerName()).isNull();
    }

    @Test
    void twoStatementsInOneFileAndAnEntryDateAcrossTheNewYear() {
        String file = String.join("\n", ":20:A", ":25:ACC-1", ":28C:1/1", ":60F:C261231TRY0,00",
                ":61:2612310102C100,00NTRFNONREF", ":86:INV-2027-000009", ":62F:C270102TRY100,00",
                ":20:B", ":25:ACC-2", ":60M:C270102TRY0,00", ":61:270102D5,NCHG", ":62M:D270102TRY5,00", "-");

        BankStatement statement = Mt940.parse(file.getBytes(StandardCharsets.ISO_8859_1));

        assertThat(statement.statementId()).isEqualTo("A, B");
        assertThat(statement.account()).isEqualTo("ACC-1, ACC-2");
        assertThat(statement.lines().get(0).valueDate()).isEqualTo(LocalDate.of(2026, 12, 31));
        assertThat(statement.lines().get(0).bookingDate()).isEqualTo(LocalDate.of(2027, 1, 2));
        assertThat(statement.lines().get(0).entryReference()).as("NONREF and no bank reference: statement, number and place")
                .isEqualTo("A/1/1/1");
        assertThat(statement.lines().get(1).account()).isEqualTo("ACC-2");
        assertThat(statement.lines().get(1).amount()).isEqualTo("5.00");
        assertThat(statement.lines().get(1).entryReference()).isEqualTo("B/2");
    }

    @Test
    void latin1TextIsReadAsLatin1() {
        String file = String.join("\n", ":20:A", ":25:ACC", ":60F:C270101EUR0,00", ":61:270101C1,00NTRFNONREF",
                ":86:166?20Zahlung für Müller?32Jürgen Weiß", ":62F:C270101EUR1,00");
        StatementLine line = Mt940.parse(file.getBytes(StandardCharsets.ISO_8859_1)).lines().get(0);
        assertThat(line.remittance()).isEqualTo("Zahlung für Müller");
        assertThat(line.payerName()).isEqualTo("Jürgen Weiß");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "hello world|body|no :20:",
            ":20:A\\n:60F:C270101EUR0,00\\n:62F:C270101EUR0,00|:25:|missing",
            ":20:A\\n:25:X\\n:62F:C270101EUR0,00|:60F:|missing",
            ":20:A\\n:25:X\\n:60F:C270101EUR0,00\\n:61:270101C1,00NTRFNONREF|:62F:|cut off",
            ":20:A\\n:25:X\\n:61:270101C1,00NTRFNONREF\\n:62F:C270101EUR0,00|:61:|before",
            ":20:A\\n:25:X\\n:60F:C270101EUR0,00\\n:61:27010XC1,00NTRF\\n:62F:C270101EUR0,00|:61:|not an MT940 entry",
            ":20:A\\n:25:X\\n:60F:C270101EUR0,00\\n:61:270230C1,00NTRFNONREF\\n:62F:C270101EUR0,00|:61:|no valid date",
            ":20:A\\n:25:X\\n:60F:C270101EUR0,00\\n:61:270101C1,005NTRFNONREF\\n:62F:C270101EUR0,00|:61:|more decimals",
            ":20:A\\n:25:X\\n:60F:C270101EUR0,00\\n:61:270101C0,00NTRFNONREF\\n:62F:C270101EUR0,00|:61:|positive",
            ":20:A\\n:25:X\\n:60F:C270101QQQ0,00\\n:62F:C270101EUR0,00|:60F:|ISO 4217",
            ":20:A\\n:25:X\\n:60F:270101EUR0,00\\n:62F:C270101EUR0,00|:60F:|not a balance",
    })
    void aFileThatIsNoMt940OrCutOffIsRefusedNamingTheField(String file, String field, String message) {
        assertThatThrownBy(() -> Mt940.parse(file.replace("\\n", "\n").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UnreadableStatement.class).hasMessageContaining(message)
                .extracting(e -> ((UnreadableStatement) e).field()).isEqualTo(field);
    }
}
