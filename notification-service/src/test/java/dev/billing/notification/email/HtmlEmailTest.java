package dev.billing.notification.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlEmailTest {

    @Test
    void theTextIsEscapedItsParagraphsAndLineBreaksKeptAndItsLinksClickable() {
        String html = HtmlEmail.render("Your invoice <1>", "Dear <b>Acme</b> & Co,\n\nAmount: 10.00 EUR\nDue: 15 Mar 2027\n\n"
                + "View the invoice: https://billing.example/d/abc.def?x=1&y=2", "Agency \"A\"", List.of("Street 1", "+90 212"), false);

        assertThat(html).contains("<title>Your invoice &lt;1&gt;</title>")
                .contains("Dear &lt;b&gt;Acme&lt;/b&gt; &amp; Co,</p>")
                .contains("Amount: 10.00 EUR<br>Due: 15 Mar 2027</p>")
                .contains("<a href=\"https://billing.example/d/abc.def?x=1&amp;y=2\"")
                .contains("<strong style=\"font-size:18px\">Agency &quot;A&quot;</strong>")
                .contains("Agency &quot;A&quot;<br>Street 1<br>+90 212")
                .doesNotContain("<b>Acme");
    }

    @Test
    void withALogoTheHeaderShowsTheInlineImageNamedByTheAgency() {
        assertThat(HtmlEmail.render("s", "t", "Ajans", List.of(), true)).contains("<img src=\"cid:" + HtmlEmail.LOGO_ID + "\" alt=\"Ajans\"")
                .doesNotContain("<strong");
    }

    @Test
    void thePlainTextEndsWithTheAgencysSignature() {
        assertThat(HtmlEmail.plain("Dear Acme,\n\nThanks.\n", "Ajans", List.of("Street 1", "+90 212")))
                .isEqualTo("Dear Acme,\n\nThanks.\n\n--\nAjans\nStreet 1\n+90 212\n");
    }
}
