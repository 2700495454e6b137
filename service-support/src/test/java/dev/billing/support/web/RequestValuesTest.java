package dev.billing.support.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestValuesTest {

    @ParameterizedTest
    @ValueSource(strings = {"Acme\u0000Ltd", "Acme\u0007", "tab\there", "line\nbreak", "\u001b[31mred", "lone \ud800 surrogate",
            "non\uffffcharacter", "next\u0085line", "para\u2029graph"})
    void aNameWithAControlCharacterIsRefusedNamingTheField(String name) {
        assertThatThrownBy(() -> RequestValues.singleLine("name", name))
                .isInstanceOf(ApiProblem.class).hasMessageStartingWith("name: must not contain control characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Kovács és Társa Kft.", "Şişli Ağ Hizmetleri A.Ş.", "emoji \ud83d\ude00 ok", "€ 1.500,00"})
    void ordinaryTextInAnyOfOurLanguagesIsAccepted(String name) {
        assertThat(RequestValues.singleLine("name", name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"first line\nsecond line", "a\r\nb", "column\tcolumn"})
    void aNoteMayHaveLineBreaksAndTabs(String note) {
        assertThat(RequestValues.multiLine("note", note)).isEqualTo(note);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bell\u0007", "nul\u0000", "form\ffeed"})
    void aNoteWithOtherControlCharactersIsRefused(String note) {
        assertThatThrownBy(() -> RequestValues.multiLine("note", note)).isInstanceOf(ApiProblem.class)
                .hasMessageStartingWith("note: must not contain control characters");
    }
}
