package dev.billing.invoice.document;

import dev.billing.invoice.invoice.Invoice;
import dev.billing.invoice.invoice.InvoiceCalculator;
import dev.billing.support.money.Money;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.Currency;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * An issued invoice as a UBL 2.1 Invoice shaped for the Turkish e-Fatura / e-Arşiv (UBL-TR 1.2):
 * the document an integrator signs and sends to GİB. Elements are written in the order the UBL 2.1
 * XSD sequences demand; an out-of-order element fails validation there.
 * <p>
 * Not here yet, because this service does not hold the data: the UBLExtensions signature (added by
 * the integrator), the buyer's VKN/TCKN and postal address. Until billing events carry an address,
 * the account's time zone names the buyer's city, as UBL-TR requires a CityName and Country.
 */
@Component
public class UblInvoice {
    static final String INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";
    static final String CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
    static final String CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
    private static final Map<String, String> COUNTRY_BY_ZONE = Map.of(
            "Europe/Istanbul", "Türkiye", "Asia/Istanbul", "Türkiye", "Europe/Budapest", "Macaristan",
            "Europe/London", "Birleşik Krallık", "Europe/Berlin", "Almanya", "Europe/Vienna", "Avusturya");
    /** GİB's code for KDV. */
    private static final String KDV = "0015";
    /** GİB's exemption reason for a 0% KDV line that no specific exemption covers ("diğer"). */
    private static final String ZERO_RATE_REASON = "351";

    private final Seller seller;
    private final String profileId;

    public UblInvoice(Seller seller, @Value("${invoice.ubl.profile-id:EARSIVFATURA}") String profileId) {
        this.seller = seller;
        this.profileId = profileId;
    }

    public byte[] xml(Invoice invoice) {
        if (invoice.number() == null) {
            throw new IllegalArgumentException("A draft cannot be exported: invoice " + invoice.id());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            new DocumentWriter(xml, invoice).document();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("Could not write the UBL of invoice " + invoice.number(), e);
        }
        return out.toByteArray();
    }

    /** One document being written; knows the indentation and the currency of its amounts. */
    private final class DocumentWriter {
        private final XMLStreamWriter xml;
        private final Invoice invoice;
        private final int minorDigits;
        private int depth;

        DocumentWriter(XMLStreamWriter xml, Invoice invoice) {
            this.xml = xml;
            this.invoice = invoice;
            this.minorDigits = Money.minorDigits(Currency.getInstance(invoice.currency()));
        }

        void document() throws XMLStreamException {
            xml.writeStartDocument("UTF-8", "1.0");
            newline();
            xml.writeStartElement("", "Invoice", INVOICE);
            xml.writeDefaultNamespace(INVOICE);
            xml.writeNamespace("cac", CAC);
            xml.writeNamespace("cbc", CBC);
            depth++;
            text("UBLVersionID", "2.1");
            text("CustomizationID", "TR1.2");
            text("ProfileID", profileId);
            text("ID", invoice.number());
            text("CopyIndicator", "false");
            // ETTN: the invoice id is already a random UUID that never changes
            text("UUID", invoice.id().toString());
            text("IssueDate", date(invoice.issueDate()));
            text("InvoiceTypeCode", "SATIS");
            text("DocumentCurrencyCode", invoice.currency());
            text("LineCountNumeric", Integer.toString(invoice.lines().size()));
            supplier();
            customer();
            if (invoice.fulfilmentDate() != null) {
                open("Delivery");
                text("ActualDeliveryDate", date(invoice.fulfilmentDate()));
                close();
            }
            if (invoice.dueDate() != null) {
                open("PaymentMeans");
                // 1 = instrument not defined (UN/ECE 4461): the customer chooses how to pay
                text("PaymentMeansCode", "1");
                text("PaymentDueDate", date(invoice.dueDate()));
                close();
            }
            taxTotal();
            monetaryTotal();
            for (int i = 0; i < invoice.lines().size(); i++) {
                line(i + 1, invoice.lines().get(i));
            }
            depth--;
            newline();
            xml.writeEndElement();
            xml.writeEndDocument();
        }

        private void supplier() throws XMLStreamException {
            open("AccountingSupplierParty");
            open("Party");
            if (!blank(seller.taxId())) {
                open("PartyIdentification");
                // a VKN has 10 digits, a TCKN (sole trader) 11
                text("ID", seller.taxId(), "schemeID", seller.taxId().trim().length() == 11 ? "TCKN" : "VKN");
                close();
            }
            partyName(seller.name());
            open("PostalAddress");
            if (!blank(seller.address())) {
                text("StreetName", seller.address().replace('\n', ' ').trim());
            }
            text("CityName", seller.city());
            country(seller.country());
            close();
            if (!blank(seller.taxOffice())) {
                open("PartyTaxScheme");
                open("TaxScheme");
                text("Name", seller.taxOffice());
                close();
                close();
            }
            close();
            close();
        }

        private void customer() throws XMLStreamException {
            open("AccountingCustomerParty");
            open("Party");
            partyName(invoice.billTo().name());
            String zone = invoice.billTo().timeZone();
            open("PostalAddress");
            text("CityName", zone.substring(zone.lastIndexOf('/') + 1).replace('_', ' '));
            country(COUNTRY_BY_ZONE.getOrDefault(zone, zone.contains("/") ? zone.substring(0, zone.indexOf('/')) : zone));
            close();
            if (!blank(invoice.billTo().phone()) || !blank(invoice.billTo().email())) {
                open("Contact");
                if (!blank(invoice.billTo().phone())) {
                    text("Telephone", invoice.billTo().phone());
                }
                if (!blank(invoice.billTo().email())) {
                    text("ElectronicMail", invoice.billTo().email());
                }
                close();
            }
            close();
            close();
        }

        private void partyName(String name) throws XMLStreamException {
            open("PartyName");
            text("Name", name);
            close();
        }

        private void country(String name) throws XMLStreamException {
            open("Country");
            text("Name", name);
            close();
        }

        private void taxTotal() throws XMLStreamException {
            open("TaxTotal");
            amount("TaxAmount", invoice.taxTotal());
            for (InvoiceCalculator.TaxRate rate : invoice.taxSummary()) {
                taxSubtotal(rate.taxableAmount(), rate.taxAmount(), rate.taxRate());
            }
            close();
        }

        private void taxSubtotal(BigDecimal taxable, BigDecimal tax, BigDecimal rate) throws XMLStreamException {
            open("TaxSubtotal");
            amount("TaxableAmount", taxable);
            amount("TaxAmount", tax);
            text("Percent", rate.toPlainString());
            open("TaxCategory");
            if (rate.signum() == 0) {
                text("TaxExemptionReasonCode", ZERO_RATE_REASON);
            }
            open("TaxScheme");
            text("Name", "KDV");
            text("TaxTypeCode", KDV);
            close();
            close();
            close();
        }

        private void monetaryTotal() throws XMLStreamException {
            BigDecimal allowances = BigDecimal.ZERO;
            for (InvoiceCalculator.Line line : invoice.lines()) {
                allowances = allowances.add(discount(line));
            }
            open("LegalMonetaryTotal");
            amount("LineExtensionAmount", invoice.netTotal());
            amount("TaxExclusiveAmount", invoice.netTotal());
            amount("TaxInclusiveAmount", invoice.total());
            if (allowances.signum() > 0) {
                // informative, as UBL-TR prints "toplam iskonto": the discounts are already inside each line's amount
                amount("AllowanceTotalAmount", allowances);
            }
            amount("PayableAmount", invoice.total());
            close();
        }

        private void line(int number, InvoiceCalculator.Line line) throws XMLStreamException {
            open("InvoiceLine");
            text("ID", Integer.toString(number));
            text("InvoicedQuantity", line.quantity().toPlainString(), "unitCode", "C62");
            amount("LineExtensionAmount", line.netAmount());
            BigDecimal discount = discount(line);
            if (discount.signum() > 0) {
                open("AllowanceCharge");
                text("ChargeIndicator", "false");
                text("MultiplierFactorNumeric", line.discountPercent().movePointLeft(2).stripTrailingZeros().toPlainString());
                amount("Amount", discount);
                amount("BaseAmount", gross(line));
                close();
            }
            open("TaxTotal");
            amount("TaxAmount", line.taxAmount());
            taxSubtotal(line.netAmount(), line.taxAmount(), line.taxRate());
            close();
            open("Item");
            text("Name", line.description());
            close();
            open("Price");
            amount("PriceAmount", line.unitPrice());
            close();
            close();
        }

        /** Quantity x unit price before the discount, rounded like the line's net amount. */
        private BigDecimal gross(InvoiceCalculator.Line line) {
            return line.quantity().multiply(line.unitPrice()).setScale(minorDigits, RoundingMode.HALF_UP);
        }

        private BigDecimal discount(InvoiceCalculator.Line line) {
            if (line.discountPercent() == null || line.discountPercent().signum() == 0) {
                return BigDecimal.ZERO;
            }
            return gross(line).subtract(line.netAmount()).max(BigDecimal.ZERO);
        }

        private void open(String name) throws XMLStreamException {
            newline();
            xml.writeStartElement("cac", name, CAC);
            depth++;
        }

        private void close() throws XMLStreamException {
            depth--;
            newline();
            xml.writeEndElement();
        }

        private void text(String name, String value) throws XMLStreamException {
            newline();
            xml.writeStartElement("cbc", name, CBC);
            xml.writeCharacters(PrintableText.of(value));
            xml.writeEndElement();
        }

        private void text(String name, String value, String attribute, String attributeValue) throws XMLStreamException {
            newline();
            xml.writeStartElement("cbc", name, CBC);
            xml.writeAttribute(attribute, attributeValue);
            xml.writeCharacters(PrintableText.of(value));
            xml.writeEndElement();
        }

        private void amount(String name, BigDecimal value) throws XMLStreamException {
            text(name, value.toPlainString(), "currencyID", invoice.currency());
        }

        private void newline() throws XMLStreamException {
            xml.writeCharacters("\n" + "  ".repeat(depth));
        }
    }

    private static String date(LocalDate date) {
        return date.toString();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
