package dev.billing.notification.template;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Fills a template's {placeholders} and writes amounts and dates the way a reader of the language expects. */
public final class MessageText {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-zA-Z]+)}");

    /** Replaces each {name} with its value; a placeholder without a value stays visible rather than vanishing. */
    public static String fill(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
        }
        m.appendTail(out);
        return out.toString();
    }

    public static Locale locale(String language) {
        return switch (language) {
            case "tr" -> Locale.forLanguageTag("tr-TR");
            case "hu" -> Locale.forLanguageTag("hu-HU");
            default -> Locale.forLanguageTag("en-GB");
        };
    }

    /** 1.234,50 in Turkish, 1 234,50 in Hungarian, 1,234.50 in English; keeps the amount's minor digits. */
    public static String amount(BigDecimal amount, String language) {
        DecimalFormat format = new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(locale(language)));
        format.setMinimumFractionDigits(Math.max(amount.scale(), 0));
        format.setMaximumFractionDigits(Math.max(amount.scale(), 0));
        return format.format(amount);
    }

    /** One invoice in a list of several: its number, open amount, due date and link, in the language's words. */
    public static String invoiceLine(String number, BigDecimal openAmount, String currency, LocalDate dueDate, String link, String language) {
        String due = switch (language) {
            case "tr" -> "son ödeme";
            case "hu" -> "határidő";
            default -> "due";
        };
        return number + ": " + amount(openAmount, language) + " " + currency + ", " + due + " " + date(dueDate, language) + " – " + link;
    }

    public static String date(LocalDate date, String language) {
        String pattern = switch (language) {
            case "tr" -> "dd.MM.yyyy";
            case "hu" -> "yyyy.MM.dd.";
            default -> "d MMM yyyy";
        };
        return date.format(DateTimeFormatter.ofPattern(pattern, locale(language)));
    }

    private MessageText() {
    }
}
