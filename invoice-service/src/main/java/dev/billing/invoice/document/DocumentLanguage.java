package dev.billing.invoice.document;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The words and number/date conventions of a document in the customer's language. Separators are
 * fixed here rather than taken from the JDK's locale data, which uses a no-break space for Hungarian
 * thousands and changes between JDK versions; a printed invoice must not change with the runtime.
 */
public enum DocumentLanguage {
    TR("tr", '.', ',', "dd.MM.yyyy", Map.ofEntries(
            Map.entry("invoice", "Fatura"),
            Map.entry("storno", "İptal Faturası"),
            Map.entry("number", "Fatura No"),
            Map.entry("stornoNumber", "İptal Faturası No"),
            Map.entry("cancelledInvoice", "İptal edilen fatura"),
            Map.entry("stornoDate", "İptal tarihi"),
            Map.entry("reason", "İptal nedeni"),
            Map.entry("issueDate", "Tarih"),
            Map.entry("fulfilmentDate", "Teslim / hizmet tarihi"),
            Map.entry("dueDate", "Son ödeme tarihi"),
            Map.entry("seller", "Satıcı"),
            Map.entry("billTo", "Alıcı"),
            Map.entry("taxId", "Vergi No"),
            Map.entry("taxOffice", "Vergi Dairesi"),
            Map.entry("description", "Açıklama"),
            Map.entry("quantity", "Miktar"),
            Map.entry("unitPrice", "Birim fiyat"),
            Map.entry("discount", "İskonto %"),
            Map.entry("taxRate", "KDV %"),
            Map.entry("net", "Tutar"),
            Map.entry("taxSummary", "KDV dökümü"),
            Map.entry("taxable", "Matrah"),
            Map.entry("tax", "KDV"),
            Map.entry("gross", "Toplam"),
            Map.entry("netTotal", "Ara toplam"),
            Map.entry("taxTotal", "KDV"),
            Map.entry("total", "Genel toplam"),
            Map.entry("currency", "Para birimi"),
            Map.entry("stornoNote", "Bu belge aşağıdaki faturayı tutarlarının tamamıyla iptal eder."),
            Map.entry("creditedBefore", "Daha önce iade faturasıyla düşülen"),
            Map.entry("statement", "Hesap Ekstresi"),
            Map.entry("period", "Dönem"),
            Map.entry("customer", "Müşteri"),
            Map.entry("openingBalance", "Devreden bakiye"),
            Map.entry("closingBalance", "Dönem sonu bakiyesi"),
            Map.entry("entryDate", "Tarih"),
            Map.entry("entryKind", "İşlem"),
            Map.entry("reference", "Belge / referans"),
            Map.entry("entryInvoice", "Fatura"),
            Map.entry("debit", "Borç"),
            Map.entry("credit", "Alacak"),
            Map.entry("balance", "Bakiye"),
            Map.entry("periodTotals", "Dönem toplamı"),
            Map.entry("noEntries", "Bu dönemde hareket yok."),
            Map.entry("balanceNote", "Bakiye: pozitif tutar müşterinin borcu, negatif tutar müşterinin alacağıdır."),
            Map.entry("kindINVOICE", "Fatura"),
            Map.entry("kindCREDIT_NOTE", "İade faturası"),
            Map.entry("kindSTORNO", "İptal faturası"),
            Map.entry("kindPAYMENT", "Ödeme"),
            Map.entry("kindREFUND", "Ödeme iadesi"),
            Map.entry("kindCREDIT_PAYOUT", "Alacak iadesi"))),
    EN("en", ',', '.', "d MMM yyyy", Map.ofEntries(
            Map.entry("invoice", "Invoice"),
            Map.entry("storno", "Storno invoice"),
            Map.entry("number", "Invoice no."),
            Map.entry("stornoNumber", "Storno no."),
            Map.entry("cancelledInvoice", "Cancels invoice"),
            Map.entry("stornoDate", "Storno date"),
            Map.entry("reason", "Reason"),
            Map.entry("issueDate", "Issue date"),
            Map.entry("fulfilmentDate", "Fulfilment date"),
            Map.entry("dueDate", "Due date"),
            Map.entry("seller", "Seller"),
            Map.entry("billTo", "Bill to"),
            Map.entry("taxId", "Tax ID"),
            Map.entry("taxOffice", "Tax office"),
            Map.entry("description", "Description"),
            Map.entry("quantity", "Quantity"),
            Map.entry("unitPrice", "Unit price"),
            Map.entry("discount", "Discount %"),
            Map.entry("taxRate", "Tax %"),
            Map.entry("net", "Net"),
            Map.entry("taxSummary", "Tax summary"),
            Map.entry("taxable", "Taxable amount"),
            Map.entry("tax", "Tax"),
            Map.entry("gross", "Gross"),
            Map.entry("netTotal", "Subtotal"),
            Map.entry("taxTotal", "Tax"),
            Map.entry("total", "Total"),
            Map.entry("currency", "Currency"),
            Map.entry("stornoNote", "This document cancels the invoice below in full."),
            Map.entry("creditedBefore", "Already credited by credit notes"),
            Map.entry("statement", "Statement of account"),
            Map.entry("period", "Period"),
            Map.entry("customer", "Customer"),
            Map.entry("openingBalance", "Opening balance"),
            Map.entry("closingBalance", "Closing balance"),
            Map.entry("entryDate", "Date"),
            Map.entry("entryKind", "Entry"),
            Map.entry("reference", "Document / reference"),
            Map.entry("entryInvoice", "Invoice"),
            Map.entry("debit", "Debit"),
            Map.entry("credit", "Credit"),
            Map.entry("balance", "Balance"),
            Map.entry("periodTotals", "Totals for the period"),
            Map.entry("noEntries", "No entries in this period."),
            Map.entry("balanceNote", "Balance: a positive amount is owed by the customer, a negative one is the customer's credit."),
            Map.entry("kindINVOICE", "Invoice"),
            Map.entry("kindCREDIT_NOTE", "Credit note"),
            Map.entry("kindSTORNO", "Storno"),
            Map.entry("kindPAYMENT", "Payment"),
            Map.entry("kindREFUND", "Refund"),
            Map.entry("kindCREDIT_PAYOUT", "Credit paid out"))),
    HU("hu", ' ', ',', "yyyy.MM.dd.", Map.ofEntries(
            Map.entry("invoice", "Számla"),
            Map.entry("storno", "Sztornó számla"),
            Map.entry("number", "Számla sorszáma"),
            Map.entry("stornoNumber", "Sztornó számla sorszáma"),
            Map.entry("cancelledInvoice", "Eredeti számla"),
            Map.entry("stornoDate", "Sztornó kelte"),
            Map.entry("reason", "Sztornó oka"),
            Map.entry("issueDate", "Kelte"),
            Map.entry("fulfilmentDate", "Teljesítés dátuma"),
            Map.entry("dueDate", "Fizetési határidő"),
            Map.entry("seller", "Eladó"),
            Map.entry("billTo", "Vevő"),
            Map.entry("taxId", "Adószám"),
            Map.entry("taxOffice", "Adóhivatal"),
            Map.entry("description", "Megnevezés"),
            Map.entry("quantity", "Mennyiség"),
            Map.entry("unitPrice", "Egységár"),
            Map.entry("discount", "Kedvezmény %"),
            Map.entry("taxRate", "ÁFA %"),
            Map.entry("net", "Nettó"),
            Map.entry("taxSummary", "ÁFA összesítő"),
            Map.entry("taxable", "Nettó"),
            Map.entry("tax", "ÁFA"),
            Map.entry("gross", "Bruttó"),
            Map.entry("netTotal", "Nettó"),
            Map.entry("taxTotal", "ÁFA"),
            Map.entry("total", "Bruttó"),
            Map.entry("currency", "Pénznem"),
            Map.entry("stornoNote", "Ez a bizonylat az alábbi számlát teljes összegében érvényteleníti."),
            Map.entry("creditedBefore", "Jóváíró számlákkal korábban jóváírt"),
            Map.entry("statement", "Folyószámla-kivonat"),
            Map.entry("period", "Időszak"),
            Map.entry("customer", "Ügyfél"),
            Map.entry("openingBalance", "Nyitó egyenleg"),
            Map.entry("closingBalance", "Záró egyenleg"),
            Map.entry("entryDate", "Dátum"),
            Map.entry("entryKind", "Tétel"),
            Map.entry("reference", "Bizonylat / hivatkozás"),
            Map.entry("entryInvoice", "Számla"),
            Map.entry("debit", "Tartozik"),
            Map.entry("credit", "Követel"),
            Map.entry("balance", "Egyenleg"),
            Map.entry("periodTotals", "Időszak összesen"),
            Map.entry("noEntries", "Ebben az időszakban nincs tétel."),
            Map.entry("balanceNote", "Egyenleg: a pozitív összeg az ügyfél tartozása, a negatív az ügyfél követelése."),
            Map.entry("kindINVOICE", "Számla"),
            Map.entry("kindCREDIT_NOTE", "Jóváíró számla"),
            Map.entry("kindSTORNO", "Sztornó számla"),
            Map.entry("kindPAYMENT", "Befizetés"),
            Map.entry("kindREFUND", "Visszatérítés"),
            Map.entry("kindCREDIT_PAYOUT", "Követelés kifizetése")));

    private final String code;
    private final Locale locale;
    private final DecimalFormatSymbols symbols;
    private final DateTimeFormatter dates;
    private final Map<String, String> labels;

    DocumentLanguage(String code, char grouping, char decimal, String datePattern, Map<String, String> labels) {
        this.code = code;
        this.locale = Locale.forLanguageTag(code);
        this.symbols = DecimalFormatSymbols.getInstance(Locale.ROOT);
        this.symbols.setGroupingSeparator(grouping);
        this.symbols.setDecimalSeparator(decimal);
        this.symbols.setMinusSign('-');
        this.dates = DateTimeFormatter.ofPattern(datePattern, locale);
        this.labels = labels;
    }

    /** The customer's language; English for one the documents do not speak. */
    public static DocumentLanguage of(String code) {
        if (code != null) {
            String language = code.trim().toLowerCase(Locale.ROOT);
            for (DocumentLanguage candidate : values()) {
                if (language.equals(candidate.code) || language.startsWith(candidate.code + "-")
                        || language.startsWith(candidate.code + "_")) {
                    return candidate;
                }
            }
        }
        return EN;
    }

    public String code() {
        return code;
    }

    public Locale locale() {
        return locale;
    }

    public String label(String key) {
        String label = labels.get(key);
        if (label == null) {
            throw new IllegalArgumentException("No label " + key);
        }
        return label;
    }

    /** A mutable copy, for a template engine that reads it as a map. */
    public Map<String, String> labels() {
        return new HashMap<>(labels);
    }

    /** An amount with exactly its own scale (the currency's minor digits), e.g. 1.234,56 in Turkish. */
    public String amount(BigDecimal amount) {
        int digits = Math.max(amount.scale(), 0);
        return format(amount, digits, digits);
    }

    /** A quantity or rate: only the decimals it needs, at most four. */
    public String number(BigDecimal value) {
        return format(value, 0, 4);
    }

    /** A unit price: at least the currency's minor digits, at most four. */
    public String price(BigDecimal value, int minorDigits) {
        return format(value, Math.min(minorDigits, 4), 4);
    }

    /** A tax rate as people write it: %20 in Turkish, 20% in English and Hungarian. */
    public String percent(BigDecimal rate) {
        return this == TR ? "%" + number(rate) : number(rate) + "%";
    }

    public String date(LocalDate date) {
        return date == null ? "" : dates.format(date);
    }

    private String format(BigDecimal value, int minDigits, int maxDigits) {
        // DecimalFormat is not thread-safe: a fresh one per call costs less than the contention
        DecimalFormat format = new DecimalFormat("#,##0", symbols);
        format.setMinimumFractionDigits(minDigits);
        format.setMaximumFractionDigits(maxDigits);
        format.setRoundingMode(java.math.RoundingMode.HALF_UP);
        return format.format(value);
    }
}
