package dev.billing.payment.bankstatement;

import dev.billing.support.money.Money;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads an ISO 20022 bank-to-customer statement, camt.053 versions .001.02 to .001.08. The elements used here have
 * the same names in all of them, so each version is read by its own namespace without a schema per version; where
 * they differ (the debtor's name: {@code RltdPties/Dbtr/Nm} up to .001.07, {@code RltdPties/Dbtr/Pty/Nm} in .001.08)
 * both are tried.
 */
public final class Camt053 {
    public static final String FORMAT = "CAMT053";
    private static final Pattern NAMESPACE = Pattern.compile("urn:iso:std:iso:20022:tech:xsd:camt\\.053\\.001\\.0[2-8]");
    private final String namespace;

    private Camt053(String namespace) {
        this.namespace = namespace;
    }

    public static BankStatement parse(byte[] xml) {
        Element root = read(xml).getDocumentElement();
        String namespace = root.getNamespaceURI();
        if (!"Document".equals(root.getLocalName()) || namespace == null || !NAMESPACE.matcher(namespace).matches()) {
            throw new UnreadableStatement("body", "is not a camt.053 statement of version .001.02 to .001.08: its root element is {"
                    + namespace + "}" + root.getLocalName());
        }
        return new Camt053(namespace).statement(root);
    }

    private BankStatement statement(Element root) {
        Element message = required(root, "BkToCstmrStmt", "BkToCstmrStmt");
        List<Element> statements = children(message, "Stmt");
        if (statements.isEmpty()) {
            throw new UnreadableStatement("BkToCstmrStmt/Stmt", "is missing: the file has no statement");
        }
        Set<String> ids = new LinkedHashSet<>();
        Set<String> accounts = new LinkedHashSet<>();
        List<StatementLine> lines = new ArrayList<>();
        for (int s = 0; s < statements.size(); s++) {
            Element statement = statements.get(s);
            String at = "Stmt[" + (s + 1) + "]";
            String id = text(required(statement, "Id", at + "/Id"));
            Element accountId = required(required(statement, "Acct", at + "/Acct"), "Id", at + "/Acct/Id");
            String account = text(first(accountId, "IBAN") != null ? first(accountId, "IBAN")
                    : required(required(accountId, "Othr", at + "/Acct/Id/IBAN"), "Id", at + "/Acct/Id/Othr/Id"));
            ids.add(id);
            accounts.add(account);
            List<Element> entries = children(statement, "Ntry");
            for (int e = 0; e < entries.size(); e++) {
                lines.add(entry(entries.get(e), at + "/Ntry[" + (e + 1) + "]", lines.size() + 1, account, id));
            }
        }
        return new BankStatement(FORMAT, String.join(", ", ids), String.join(", ", accounts), lines);
    }

    private StatementLine entry(Element entry, String at, int position, String account, String statementId) {
        Element amountElement = required(entry, "Amt", at + "/Amt");
        String currency = amountElement.getAttribute("Ccy");
        try {
            Currency.getInstance(currency);
        } catch (IllegalArgumentException e) {
            throw new UnreadableStatement(at + "/Amt", "has no ISO 4217 currency in Ccy: \"" + currency + "\"");
        }
        BigDecimal amount = amount(text(amountElement), currency, at + "/Amt");
        StatementLine.Direction direction = switch (text(required(entry, "CdtDbtInd", at + "/CdtDbtInd"))) {
            case "CRDT" -> StatementLine.Direction.CREDIT;
            case "DBIT" -> StatementLine.Direction.DEBIT;
            default -> throw new UnreadableStatement(at + "/CdtDbtInd", "must be CRDT or DBIT");
        };
        LocalDate booked = date(required(entry, "BookgDt", at + "/BookgDt"), at + "/BookgDt");
        LocalDate valued = first(entry, "ValDt") == null ? booked : date(first(entry, "ValDt"), at + "/ValDt");
        List<Element> transactions = new ArrayList<>();
        children(entry, "NtryDtls").forEach(details -> transactions.addAll(children(details, "TxDtls")));
        String reference = firstText(entry, "AcctSvcrRef");
        if (reference == null) {
            reference = firstText(entry, "NtryRef");
        }
        for (int t = 0; reference == null && t < transactions.size(); t++) {
            Element refs = first(transactions.get(t), "Refs");
            reference = refs == null ? null : firstText(refs, "AcctSvcrRef");
        }
        if (reference == null) {
            // without a reference of the bank, the entry's place in its statement is what stays the same on a re-import
            reference = statementId + "/" + position;
        }
        List<String> remittance = new ArrayList<>();
        String payer = null;
        for (Element transaction : transactions) {
            Element info = first(transaction, "RmtInf");
            if (info != null) {
                children(info, "Ustrd").forEach(u -> remittance.add(text(u)));
                for (Element structured : children(info, "Strd")) {
                    Element creditorReference = first(structured, "CdtrRefInf");
                    String ref = creditorReference == null ? null : firstText(creditorReference, "Ref");
                    if (ref != null) {
                        remittance.add(ref);
                    }
                }
            }
            if (payer == null) {
                payer = debtorName(transaction);
            }
        }
        return new StatementLine(position, account, booked, valued, direction, amount, currency, StatementLine.oneLine(reference),
                String.join(" ", remittance), payer);
    }

    private String debtorName(Element transaction) {
        Element parties = first(transaction, "RltdPties");
        Element debtor = parties == null ? null : first(parties, "Dbtr");
        if (debtor == null) {
            return null;
        }
        Element party = first(debtor, "Pty");
        return firstText(party == null ? debtor : party, "Nm");
    }

    private static BigDecimal amount(String text, String currency, String at) {
        try {
            BigDecimal amount = new BigDecimal(text);
            if (amount.signum() <= 0 || amount.precision() - amount.scale() > 13) {
                throw new UnreadableStatement(at, "must be a positive amount below 10,000,000,000,000: " + text);
            }
            return Money.exact(amount, currency);
        } catch (NumberFormatException e) {
            throw new UnreadableStatement(at, "is not a decimal amount: \"" + text + "\"");
        } catch (IllegalArgumentException e) {
            throw new UnreadableStatement(at, e.getMessage());
        }
    }

    /** {@code Dt} (a day) or {@code DtTm} (a moment, whose day as the bank wrote it is taken). */
    private LocalDate date(Element holder, String at) {
        String day = firstText(holder, "Dt");
        String moment = firstText(holder, "DtTm");
        String text = day != null ? day : moment != null && moment.length() >= 10 ? moment.substring(0, 10) : null;
        try {
            return LocalDate.parse(text == null ? "" : text);
        } catch (DateTimeParseException e) {
            throw new UnreadableStatement(at, "must have a Dt (YYYY-MM-DD) or DtTm: \"" + (day != null ? day : moment) + "\"");
        }
    }

    private List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName()) && namespace.equals(e.getNamespaceURI())) {
                found.add(e);
            }
        }
        return found;
    }

    private Element first(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    private Element required(Element parent, String name, String at) {
        Element found = first(parent, name);
        if (found == null) {
            throw new UnreadableStatement(at, "is missing");
        }
        return found;
    }

    private String firstText(Element parent, String name) {
        Element found = first(parent, name);
        String text = found == null ? null : text(found);
        return text == null || text.isEmpty() ? null : text;
    }

    private static String text(Element element) {
        return element.getTextContent().strip();
    }

    /**
     * Parses without DTDs or any external entity (XXE): a statement needs none, and a file that declares one is
     * refused rather than read with it ignored.
     */
    private static Document read(byte[] xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new ErrorHandler() {
                @Override
                public void warning(SAXParseException e) {
                }

                @Override
                public void error(SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return builder.parse(new ByteArrayInputStream(xml));
        } catch (SAXParseException e) {
            throw new UnreadableStatement("body", "is not well-formed XML without a DTD (line " + e.getLineNumber() + ": "
                    + e.getMessage() + ")");
        } catch (SAXException | IOException e) {
            throw new UnreadableStatement("body", "is not readable XML: " + e.getMessage());
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("The JDK's XML parser lacks the settings that keep out external entities", e);
        }
    }
}
