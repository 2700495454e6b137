package dev.billing.invoice.document;

/** The documents kept per invoice: the invoice itself and, once cancelled, its storno. */
public enum DocumentKind {
    INVOICE, STORNO
}
