package dev.billing.invoice.document;

import java.util.Map;

/**
 * Who issues the invoices, as printed on every document. {@code taxId} is the VKN (10 digits) or
 * TCKN (11 digits) in Türkiye; {@code taxOffice} (vergi dairesi) may be blank.
 */
public record Seller(String name, String address, String taxId, String taxOffice, String city, String country) {

    /** The seller block of a document template ({@code seller.name}, {@code .address}, {@code .taxId}, {@code .taxOffice}). */
    public Map<String, String> printed() {
        return Map.of("name", blankIfNull(name), "address", blankIfNull(address), "taxId", blankIfNull(taxId),
                "taxOffice", blankIfNull(taxOffice));
    }

    private static String blankIfNull(String value) {
        return value == null ? "" : value;
    }
}
