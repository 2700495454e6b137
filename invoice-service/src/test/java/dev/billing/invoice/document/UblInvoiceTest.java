package dev.billing.invoice.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billing.invoice.invoice.Invoice;
import java.io.ByteArrayInputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.namespace.NamespaceContext;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.ls.DOMImplementationLS;
import org.w3c.dom.ls.LSInput;
import org.w3c.dom.ls.LSResourceResolver;

/**
 * The e-invoice export against the OASIS UBL 2.1 schema (from ph-ubl21's jar), and the UBL-TR
 * fields GİB reads. The UBL schemas import CCTS, XML-DSig and XAdES by namespace only; those
 * schemas come from the ph-xsds jars and are found here by namespace.
 */
class UblInvoiceTest {
    private static final String INVOICE_XSD = "external/schemas/ubl21/maindoc/UBL-Invoice-2.1.xsd";
    private static final Map<String, String> IMPORTED_BY_NAMESPACE = Map.of(
            "urn:un:unece:uncefact:data:specification:CoreComponentTypeSchemaModule:2", "schemas/CCTS_CCT_SchemaModule.xsd",
            "http://www.w3.org/2000/09/xmldsig#", "schemas/xmldsig-core-schema.xsd",
            "http://uri.etsi.org/01903/v1.3.2#", "schemas/XAdES01903v132-201601.xsd",
            "http://uri.etsi.org/01903/v1.4.1#", "schemas/XAdES01903v141-201601.xsd");
    private static Schema schema;

    private final Invoice invoice = SampleInvoices.issued("tr", "TRY", "Gülşen Ötüken Ağaç İşleri",
            "Çağrı merkezi – İstanbul", "Basılı broşür", "Danışmanlık <özel> & \"acil\"");

    @BeforeAll
    static void loadSchema() throws Exception {
        URL xsd = UblInvoiceTest.class.getClassLoader().getResource(INVOICE_XSD);
        assertThat(xsd).as(INVOICE_XSD + " on the test classpath (com.helger.ubl:ph-ubl21)").isNotNull();
        DOMImplementationLS ls = (DOMImplementationLS) DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .getDOMImplementation();
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        LSResourceResolver byNamespace = (type, namespace, publicId, systemId, baseUri) -> {
            String resource = systemId == null ? IMPORTED_BY_NAMESPACE.get(namespace) : null;
            if (resource == null) {
                // a relative schemaLocation: resolved against the jar the importing schema came from
                return null;
            }
            URL url = UblInvoiceTest.class.getClassLoader().getResource(resource);
            assertThat(url).as(resource + " on the test classpath (com.helger.xsd)").isNotNull();
            LSInput input = ls.createLSInput();
            input.setSystemId(url.toExternalForm());
            return input;
        };
        factory.setResourceResolver(byNamespace);
        schema = factory.newSchema(xsd);
    }

    private static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    private static XPath xpath() {
        XPath xpath = XPathFactory.newInstance().newXPath();
        xpath.setNamespaceContext(new NamespaceContext() {
            @Override
            public String getNamespaceURI(String prefix) {
                return switch (prefix) {
                    case "inv" -> UblInvoice.INVOICE;
                    case "cac" -> UblInvoice.CAC;
                    case "cbc" -> UblInvoice.CBC;
                    default -> XMLConstants.NULL_NS_URI;
                };
            }

            @Override
            public String getPrefix(String namespaceUri) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Iterator<String> getPrefixes(String namespaceUri) {
                throw new UnsupportedOperationException();
            }
        });
        return xpath;
    }

    private static String value(Document document, String path) throws Exception {
        return (String) xpath().evaluate(path, document, XPathConstants.STRING);
    }

    @Test
    void isAValidUbl21Invoice() throws Exception {
        byte[] xml = new UblInvoice(SampleInvoices.SELLER, "EARSIVFATURA").xml(invoice);

        // throws, naming the line and the element, when an element is missing or out of the XSD's order
        schema.newValidator().validate(new StreamSource(new ByteArrayInputStream(xml)));
    }

    @Test
    void carriesTheUblTrHeader() throws Exception {
        Document ubl = parse(new UblInvoice(SampleInvoices.SELLER, "EARSIVFATURA").xml(invoice));

        assertThat(value(ubl, "/inv:Invoice/cbc:UBLVersionID")).isEqualTo("2.1");
        assertThat(value(ubl, "/inv:Invoice/cbc:CustomizationID")).isEqualTo("TR1.2");
        assertThat(value(ubl, "/inv:Invoice/cbc:ProfileID")).isEqualTo("EARSIVFATURA");
        assertThat(value(ubl, "/inv:Invoice/cbc:ID")).isEqualTo("INV-2027-000123");
        assertThat(value(ubl, "/inv:Invoice/cbc:CopyIndicator")).isEqualTo("false");
        assertThat(value(ubl, "/inv:Invoice/cbc:UUID")).isEqualTo(invoice.id().toString());
        assertThat(value(ubl, "/inv:Invoice/cbc:IssueDate")).isEqualTo("2027-03-01");
        assertThat(value(ubl, "/inv:Invoice/cbc:InvoiceTypeCode")).isEqualTo("SATIS");
        assertThat(value(ubl, "/inv:Invoice/cbc:DocumentCurrencyCode")).isEqualTo("TRY");
        assertThat(value(ubl, "/inv:Invoice/cbc:LineCountNumeric")).isEqualTo("3");
        assertThat(value(ubl, "/inv:Invoice/cac:PaymentMeans/cbc:PaymentDueDate")).isEqualTo("2027-03-16");
    }

    @Test
    void namesBothPartiesInTurkish() throws Exception {
        Document ubl = parse(new UblInvoice(SampleInvoices.SELLER, "EARSIVFATURA").xml(invoice));

        String supplier = "/inv:Invoice/cac:AccountingSupplierParty/cac:Party";
        assertThat(value(ubl, supplier + "/cac:PartyIdentification/cbc:ID")).isEqualTo("1234567890");
        assertThat(value(ubl, supplier + "/cac:PartyIdentification/cbc:ID/@schemeID")).isEqualTo("VKN");
        assertThat(value(ubl, supplier + "/cac:PartyName/cbc:Name")).isEqualTo("Billing Platform A.Ş.");
        assertThat(value(ubl, supplier + "/cac:PostalAddress/cbc:CityName")).isEqualTo("İstanbul");
        assertThat(value(ubl, supplier + "/cac:PostalAddress/cac:Country/cbc:Name")).isEqualTo("Türkiye");
        assertThat(value(ubl, supplier + "/cac:PartyTaxScheme/cac:TaxScheme/cbc:Name")).isEqualTo("Zincirlikuyu");
        String customer = "/inv:Invoice/cac:AccountingCustomerParty/cac:Party";
        assertThat(value(ubl, customer + "/cac:PartyName/cbc:Name")).isEqualTo("Gülşen Ötüken Ağaç İşleri");
        assertThat(value(ubl, customer + "/cac:PostalAddress/cbc:CityName")).isEqualTo("Istanbul");
        assertThat(value(ubl, customer + "/cac:Contact/cbc:ElectronicMail")).isEqualTo("finans@example.com");
    }

    @Test
    void taxesAreKdvPerRateAndTotalsAddUp() throws Exception {
        Document ubl = parse(new UblInvoice(SampleInvoices.SELLER, "EARSIVFATURA").xml(invoice));

        assertThat(value(ubl, "/inv:Invoice/cac:TaxTotal/cbc:TaxAmount")).isEqualTo("1925.00");
        assertThat(value(ubl, "/inv:Invoice/cac:TaxTotal/cbc:TaxAmount/@currencyID")).isEqualTo("TRY");
        assertThat(value(ubl, "count(/inv:Invoice/cac:TaxTotal/cac:TaxSubtotal)")).isEqualTo("3");
        String twenty = "/inv:Invoice/cac:TaxTotal/cac:TaxSubtotal[cbc:Percent='20']";
        assertThat(value(ubl, twenty + "/cbc:TaxableAmount")).isEqualTo("9000.00");
        assertThat(value(ubl, twenty + "/cbc:TaxAmount")).isEqualTo("1800.00");
        assertThat(value(ubl, twenty + "/cac:TaxCategory/cac:TaxScheme/cbc:Name")).isEqualTo("KDV");
        assertThat(value(ubl, twenty + "/cac:TaxCategory/cac:TaxScheme/cbc:TaxTypeCode")).isEqualTo("0015");
        assertThat(value(ubl, "/inv:Invoice/cac:TaxTotal/cac:TaxSubtotal[cbc:Percent='0']/cac:TaxCategory/cbc:TaxExemptionReasonCode"))
                .isEqualTo("351");
        assertThat(value(ubl, "count(//cac:TaxScheme[cbc:Name='KDV' and cbc:TaxTypeCode='0015'])")).isEqualTo("6");

        String totals = "/inv:Invoice/cac:LegalMonetaryTotal";
        assertThat(value(ubl, totals + "/cbc:LineExtensionAmount")).isEqualTo("10500.00");
        assertThat(value(ubl, totals + "/cbc:TaxExclusiveAmount")).isEqualTo("10500.00");
        assertThat(value(ubl, totals + "/cbc:TaxInclusiveAmount")).isEqualTo("12425.00");
        assertThat(value(ubl, totals + "/cbc:AllowanceTotalAmount")).isEqualTo("1000.00");
        assertThat(value(ubl, totals + "/cbc:PayableAmount")).isEqualTo("12425.00");
    }

    @Test
    void linesCarryQuantityDiscountTaxItemAndPrice() throws Exception {
        Document ubl = parse(new UblInvoice(SampleInvoices.SELLER, "EARSIVFATURA").xml(invoice));

        String first = "/inv:Invoice/cac:InvoiceLine[cbc:ID='1']";
        assertThat(value(ubl, first + "/cbc:InvoicedQuantity")).isEqualTo("1");
        assertThat(value(ubl, first + "/cbc:InvoicedQuantity/@unitCode")).isEqualTo("C62");
        assertThat(value(ubl, first + "/cbc:LineExtensionAmount")).isEqualTo("9000.00");
        assertThat(value(ubl, first + "/cac:AllowanceCharge/cbc:ChargeIndicator")).isEqualTo("false");
        assertThat(value(ubl, first + "/cac:AllowanceCharge/cbc:MultiplierFactorNumeric")).isEqualTo("0.1");
        assertThat(value(ubl, first + "/cac:AllowanceCharge/cbc:Amount")).isEqualTo("1000.00");
        assertThat(value(ubl, first + "/cac:AllowanceCharge/cbc:BaseAmount")).isEqualTo("10000.00");
        assertThat(value(ubl, first + "/cac:TaxTotal/cbc:TaxAmount")).isEqualTo("1800.00");
        assertThat(value(ubl, first + "/cac:Item/cbc:Name")).isEqualTo("Çağrı merkezi – İstanbul");
        assertThat(value(ubl, first + "/cac:Price/cbc:PriceAmount")).isEqualTo("10000");
        assertThat(value(ubl, "count(/inv:Invoice/cac:InvoiceLine[cbc:ID='2']/cac:AllowanceCharge)")).isEqualTo("0");
        assertThat(value(ubl, "/inv:Invoice/cac:InvoiceLine[cbc:ID='3']/cac:Item/cbc:Name"))
                .isEqualTo("Danışmanlık <özel> & \"acil\"");
        assertThat(new String(new UblInvoice(SampleInvoices.SELLER, "EARSIVFATURA").xml(invoice), StandardCharsets.UTF_8))
                .contains("&lt;özel", "&amp;");
    }

    @Test
    void profileIsConfigurable() throws Exception {
        byte[] xml = new UblInvoice(SampleInvoices.SELLER, "TICARIFATURA").xml(invoice);

        assertThat(value(parse(xml), "/inv:Invoice/cbc:ProfileID")).isEqualTo("TICARIFATURA");
        schema.newValidator().validate(new StreamSource(new ByteArrayInputStream(xml)));
    }

    @Test
    void controlCharactersThatSlippedIntoAnInvoiceNeverMakeTheUblIllFormed() throws Exception {
        Invoice dirty = SampleInvoices.issued("tr", "TRY", "Yıldız\u0007 Ajans\u0000", "Kampanya\u001b yönetimi", "Broşür\uffff", "Danışmanlık");
        byte[] xml = new UblInvoice(SampleInvoices.SELLER, "EARSIVFATURA").xml(dirty);

        schema.newValidator().validate(new StreamSource(new ByteArrayInputStream(xml)));
        assertThat(value(parse(xml), "/inv:Invoice/cac:InvoiceLine[cbc:ID='1']/cac:Item/cbc:Name")).isEqualTo("Kampanya yönetimi");
    }

    @Test
    void aHungarianForintInvoiceIsValidToo() throws Exception {
        Invoice forint = SampleInvoices.issued("hu", "HUF", "Őrlő és Fűrész Kft.", "Tárhely", "Domain", "Beállítás");
        byte[] xml = new UblInvoice(new Seller("Seller", "", "", "", "Budapest", "Magyarország"), "EARSIVFATURA").xml(forint);

        schema.newValidator().validate(new StreamSource(new ByteArrayInputStream(xml)));
        Document ubl = parse(xml);
        assertThat(value(ubl, "/inv:Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount")).isEqualTo("12425");
        assertThat(value(ubl, "count(/inv:Invoice/cac:AccountingSupplierParty/cac:Party/cac:PartyIdentification)")).isEqualTo("0");
        assertThat(value(ubl, "/inv:Invoice/cac:AccountingCustomerParty/cac:Party/cac:PostalAddress/cac:Country/cbc:Name"))
                .isEqualTo("Macaristan");
        assertThat(List.of(value(ubl, "/inv:Invoice/cac:InvoiceLine[cbc:ID='3']/cac:TaxTotal/cac:TaxSubtotal/cbc:Percent")))
                .containsExactly("0");
    }

    @Test
    void aDraftCannotBeExported() {
        assertThatThrownBy(() -> new UblInvoice(SampleInvoices.SELLER, "EARSIVFATURA").xml(SampleInvoices.draft(invoice)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
