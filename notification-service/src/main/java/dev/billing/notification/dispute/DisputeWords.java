package dev.billing.notification.dispute;

import dev.billing.events.dispute.DisputedLine;
import dev.billing.notification.template.MessageText;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** What the dispute messages put into words in the customer's language: the reason, what is disputed, the outcome, the attachments. */
final class DisputeWords {
    private static final Map<String, String[]> REASONS = Map.of(
            // tr, en, hu
            "AMOUNT", new String[] {"tutar", "the amount", "összeg"},
            "PRICE", new String[] {"fiyat", "the price", "ár"},
            "TERMS", new String[] {"koşullar", "the terms", "feltételek"},
            "QUANTITY", new String[] {"miktar", "the quantity", "mennyiség"},
            "DAMAGED", new String[] {"hasarlı ürün", "damaged goods", "sérült áru"},
            "RETURNED", new String[] {"iade edilen ürün", "returned goods", "visszaküldött áru"},
            "NOT_RECEIVED", new String[] {"teslim alınmadı", "not received", "nem érkezett meg"},
            "OTHER", new String[] {"diğer", "other", "egyéb"});
    private static final Map<String, String[]> OUTCOMES = Map.of(
            "CREDIT_NOTE", new String[] {"itirazınızı kabul ediyor ve alacak dekontu düzenliyoruz",
                    "we accept your objection and issue a credit note", "kifogását elfogadjuk, és jóváírást állítunk ki"},
            "REISSUE", new String[] {"itirazınızı kabul ediyor, faturayı iptal edip düzeltilmiş bir fatura düzenliyoruz",
                    "we accept your objection, cancel the invoice and issue a corrected one",
                    "kifogását elfogadjuk, a számlát sztornózzuk, és helyesbített számlát állítunk ki"},
            "REJECTED", new String[] {"itirazınızı kabul edemedik; fatura düzenlendiği gibi geçerlidir ve ödeme hatırlatmaları yeniden başlar",
                    "we could not accept your objection; the invoice stands as issued and the payment reminders resume",
                    "kifogását nem tudtuk elfogadni; a számla a kiállított formában érvényes, és a fizetési emlékeztetők folytatódnak"});

    private DisputeWords() {
    }

    static String reason(String code, String language) {
        String[] words = REASONS.get(code);
        return words == null ? code : words[index(language)];
    }

    static String outcome(String code, String language) {
        String[] words = OUTCOMES.get(code);
        return words == null ? code : words[index(language)];
    }

    /** The disputed amount, else the number of disputed lines, else the whole invoice. */
    static String disputed(BigDecimal amount, String currency, List<DisputedLine> lines, String language) {
        if (amount != null) {
            return MessageText.amount(amount, language) + (currency == null ? "" : " " + currency);
        }
        if (lines != null && !lines.isEmpty()) {
            return lines.size() + switch (language) {
                case "tr" -> " fatura kalemi";
                case "hu" -> " számlatétel";
                default -> lines.size() == 1 ? " invoice line" : " invoice lines";
            };
        }
        return switch (language) {
            case "tr" -> "faturanın tamamı";
            case "hu" -> "a teljes számla";
            default -> "the whole invoice";
        };
    }

    /** "Attachments: a.pdf, b.jpg" in the language on a line of its own (it follows the message); empty when there are none. */
    static String attachments(List<String> names, String language) {
        if (names == null || names.isEmpty()) {
            return "";
        }
        String label = switch (language) {
            case "tr" -> "Ekler: ";
            case "hu" -> "Mellékletek: ";
            default -> "Attachments: ";
        };
        return "\n" + label + String.join(", ", names);
    }

    /** What stands for a reason the customer did not give. */
    static String noReason(String language) {
        return switch (language) {
            case "tr" -> "(neden belirtilmedi)";
            case "hu" -> "(nincs megadva ok)";
            default -> "(no reason given)";
        };
    }

    private static int index(String language) {
        return switch (language) {
            case "tr" -> 0;
            case "hu" -> 2;
            default -> 1;
        };
    }
}
