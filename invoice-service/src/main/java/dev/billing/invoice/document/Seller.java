package dev.billing.invoice.document;

/**
 * Who issues the invoices, as printed on every document. {@code taxId} is the VKN (10 digits) or
 * TCKN (11 digits) in Türkiye; {@code taxOffice} (vergi dairesi) may be blank.
 */
public record Seller(String name, String address, String taxId, String taxOffice, String city, String country) {
}
