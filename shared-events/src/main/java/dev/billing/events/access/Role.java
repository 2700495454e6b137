package dev.billing.events.access;

/**
 * The staff roles. The gateway's authorization server puts them in the access token's {@link #CLAIM}
 * claim (names without a prefix); every service checks them per endpoint.
 */
public enum Role {
    /** Users, settings, operations (dead letters, the outbox, the test clock), and everything the others may do. */
    ADMIN,
    /** Invoices, credit notes, storno, payments, subscriptions. */
    ACCOUNTANT,
    /** Customers, reminders, tasks, disputes, notes; no storno, no settings. */
    COLLECTOR,
    /** Reads only. */
    VIEWER;

    /** The JWT claim that lists a token's roles. */
    public static final String CLAIM = "roles";
}
