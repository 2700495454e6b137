package dev.billing.payment.bankstatement;

import dev.billing.support.money.Money;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a SWIFT MT940 customer statement: per statement {@code :20:} (its reference), {@code :25:} (the account),
 * {@code :28C:}, {@code :60F:}/{@code :60M:} (opening balance, whose currency is every entry's), {@code :61:} entries
 * each with an optional {@code :86:}, and {@code :62F:}/{@code :62M:}. An {@code :86:} in the German banks' structured
 * form ({@code 166?00GUTSCHRIFT?20...?32NAME}) gives the remittance from {@code ?20}-{@code ?29} and {@code ?60}-{@code ?63}
 * and the payer from {@code ?32}-{@code ?33}; any other {@code :86:} is the remittance as it stands.
 */
public final class Mt940 {
    public static final String FORMAT = "MT940";
    private static final Pattern TAG = Pattern.compile("^:(\\d{2}[A-Z]?):(.*)$");
    // value date, entry date (MMDD), C/D/RC/RD, funds code, amount, transaction type, customer reference [//bank reference]
    private static final Pattern ENTRY = Pattern.compile(
            "^(\\d{6})(\\d{4})?(R?[CD])([A-Z])?(\\d{1,15},\\d{0,4})([NFS][A-Z0-9]{3})(.*)$");
    private static final Pattern BALANCE = Pattern.compile("^([CD])(\\d{6})([A-Z]{3})(\\d{1,15},\\d{0,4})$");
    private static final Pattern STRUCTURED = Pattern.compile("^\\d{3}\\?.*");
    private static final Pattern SUBFIELD = Pattern.compile("\\?(\\d{2})([^?]*)");

    private record Field(String tag, String value, int line) {
    }

    private Mt940() {
    }

    public static BankStatement parse(byte[] file) {
        List<Field> fields = fields(decode(file));
        if (fields.stream().noneMatch(f -> f.tag().equals("20"))) {
            throw new UnreadableStatement("body", "is not an MT940 statement: it has no :20: field");
        }
        Set<String> ids = new LinkedHashSet<>();
        Set<String> accounts = new LinkedHashSet<>();
        List<StatementLine> lines = new ArrayList<>();
        int start = 0;
        while (start < fields.size()) {
            int end = start + 1;
            while (end < fields.size() && !fields.get(end).tag().equals("20")) {
                end++;
            }
            statement(fields.subList(start, end), ids, accounts, lines);
            start = end;
        }
        return new BankStatement(FORMAT, String.join(", ", ids), String.join(", ", accounts), lines);
    }

    /** One statement, from its :20: to the field before the next :20:. */
    private static void statement(List<Field> fields, Set<String> ids, Set<String> accounts, List<StatementLine> lines) {
        Field first = fields.get(0);
        if (!first.tag().equals("20")) {
            throw new UnreadableStatement(":20:", "must start the statement (line " + first.line() + " is :" + first.tag() + ":)");
        }
        String id = first.value().strip();
        String account = null;
        String number = null;
        String currency = null;
        boolean closed = false;
        for (int i = 1; i < fields.size(); i++) {
            Field field = fields.get(i);
            switch (field.tag()) {
                case "25" -> account = field.value().strip();
                case "28C" -> number = field.value().strip();
                case "60F", "60M" -> currency = balanceCurrency(field);
                case "62F", "62M" -> {
                    balanceCurrency(field);
                    closed = true;
                }
                case "61" -> {
                    if (account == null || currency == null) {
                        throw new UnreadableStatement(":61:", "at line " + field.line() + " comes before the statement's :25: and :60F:");
                    }
                    Field details = i + 1 < fields.size() && fields.get(i + 1).tag().equals("86") ? fields.get(i + 1) : null;
                    String reference = id + (number == null ? "" : "/" + number) + "/" + (lines.size() + 1);
                    lines.add(entry(field, details, lines.size() + 1, account, currency, reference));
                }
                default -> {
                    // :21:, :64:, :65:, :86: of the statement itself: nothing an entry needs
                }
            }
        }
        if (account == null || account.isEmpty()) {
            throw new UnreadableStatement(":25:", "is missing in statement " + id);
        }
        if (currency == null) {
            throw new UnreadableStatement(":60F:", "is missing in statement " + id);
        }
        if (!closed) {
            throw new UnreadableStatement(":62F:", "is missing in statement " + id + ": the file may be cut off");
        }
        ids.add(id);
        accounts.add(account);
    }

    private static StatementLine entry(Field field, Field details, int position, String account, String currency,
                                       String fallbackReference) {
        String firstLine = field.value().lines().findFirst().orElse("");
        Matcher m = ENTRY.matcher(firstLine);
        if (!m.matches()) {
            throw new UnreadableStatement(":61:", "at line " + field.line() + " is not an MT940 entry (YYMMDD[MMDD]C|D amount type "
                    + "reference): \"" + firstLine + "\"");
        }
        LocalDate valued = date(m.group(1), field);
        LocalDate booked = valued;
        if (m.group(2) != null) {
            int month = Integer.parseInt(m.group(2).substring(0, 2));
            // the entry date has no year: it is the value date's, or the next or last year's across the new year
            int year = valued.getYear() + (month == 1 && valued.getMonthValue() == 12 ? 1 : month == 12 && valued.getMonthValue() == 1 ? -1 : 0);
            booked = date(String.format("%02d", year % 100) + m.group(2), field);
        }
        StatementLine.Direction direction = m.group(3).endsWith("C") ? StatementLine.Direction.CREDIT : StatementLine.Direction.DEBIT;
        if (m.group(3).startsWith("R")) {
            // a reversal of a credit takes money out, of a debit gives it back
            direction = direction == StatementLine.Direction.CREDIT ? StatementLine.Direction.DEBIT : StatementLine.Direction.CREDIT;
        }
        BigDecimal amount = amount(m.group(5), currency, ":61:", field.line());
        String[] references = m.group(7).split("//", 2);
        String customerReference = references[0].strip();
        String bankReference = references.length > 1 ? references[1].strip() : "";
        String reference = !bankReference.isEmpty() ? bankReference
                : !customerReference.isEmpty() && !customerReference.equals("NONREF") ? customerReference : fallbackReference;
        String remittance = null;
        String payer = null;
        if (details != null) {
            String text = details.value();
            if (STRUCTURED.matcher(text.replace("\n", "")).matches()) {
                // ?-subfields are wrapped at fixed widths, mid-word: their lines join without a space
                StringBuilder purpose = new StringBuilder();
                StringBuilder name = new StringBuilder();
                Matcher sub = SUBFIELD.matcher(text.replace("\n", ""));
                while (sub.find()) {
                    int code = Integer.parseInt(sub.group(1));
                    if ((code >= 20 && code <= 29) || (code >= 60 && code <= 63)) {
                        purpose.append(sub.group(2));
                    } else if (code == 32 || code == 33) {
                        name.append(sub.group(2));
                    }
                }
                remittance = purpose.toString();
                payer = name.toString();
            } else {
                remittance = text.replace("\n", " ");
            }
        }
        return new StatementLine(position, account, booked, valued, direction, amount, currency, StatementLine.oneLine(reference),
                remittance, payer);
    }

    private static String balanceCurrency(Field field) {
        Matcher m = BALANCE.matcher(field.value().strip());
        if (!m.matches()) {
            throw new UnreadableStatement(":" + field.tag() + ":", "at line " + field.line() + " is not a balance (C|D YYMMDD currency "
                    + "amount): \"" + field.value().strip() + "\"");
        }
        try {
            Currency.getInstance(m.group(3));
        } catch (IllegalArgumentException e) {
            throw new UnreadableStatement(":" + field.tag() + ":", "at line " + field.line() + " has no ISO 4217 currency: " + m.group(3));
        }
        return m.group(3);
    }

    private static BigDecimal amount(String text, String currency, String tag, int line) {
        BigDecimal amount = new BigDecimal(text.endsWith(",") ? text.substring(0, text.length() - 1) : text.replace(',', '.'));
        if (amount.signum() <= 0 || amount.precision() - amount.scale() > 13) {
            throw new UnreadableStatement(tag, "at line " + line + " must be a positive amount below 10,000,000,000,000: " + text);
        }
        try {
            return Money.exact(amount, currency);
        } catch (IllegalArgumentException e) {
            throw new UnreadableStatement(tag, "at line " + line + ": " + e.getMessage());
        }
    }

    private static LocalDate date(String yymmdd, Field field) {
        try {
            return LocalDate.of(2000 + Integer.parseInt(yymmdd.substring(0, 2)), Integer.parseInt(yymmdd.substring(2, 4)),
                    Integer.parseInt(yymmdd.substring(4, 6)));
        } catch (DateTimeException e) {
            throw new UnreadableStatement(":" + field.tag() + ":", "at line " + field.line() + " has no valid date: " + yymmdd);
        }
    }

    /** The fields in order; a line that starts no field continues the one before (SWIFT wraps fields at 65 characters). */
    private static List<Field> fields(String text) {
        List<Field> fields = new ArrayList<>();
        String tag = null;
        StringBuilder value = new StringBuilder();
        int start = 0;
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher m = TAG.matcher(line);
            boolean end = line.strip().equals("-") || line.strip().equals("-}");
            if (m.matches() || end) {
                if (tag != null) {
                    fields.add(new Field(tag, value.toString(), start));
                }
                tag = end ? null : m.group(1);
                value.setLength(0);
                value.append(end ? "" : m.group(2));
                start = i + 1;
            } else if (tag != null) {
                value.append('\n').append(line);
            }
            // lines before the first field are the SWIFT envelope ({1:...}{2:...}{4:) or a bank's own header
        }
        if (tag != null) {
            fields.add(new Field(tag, value.toString(), start));
        }
        return fields;
    }

    /** UTF-8 when it is valid UTF-8, else ISO 8859-1, which the older bank exports use. */
    private static String decode(byte[] file) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(file)).toString();
        } catch (CharacterCodingException e) {
            return new String(file, StandardCharsets.ISO_8859_1);
        }
    }
}
