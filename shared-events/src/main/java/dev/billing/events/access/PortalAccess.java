package dev.billing.events.access;

/**
 * The customer portal's access: the gateway opens a payment link ({@code /p/{token}}, {@link DocumentLinks}) and acts
 * for that one customer with a short-lived token of role {@link #ROLE} (not a staff {@link Role}) whose
 * {@link #CUSTOMER_CLAIM} names the customer. Services serve such tokens only under {@code /api/portal/**}, and only
 * that customer's data.
 */
public final class PortalAccess {
    public static final String ROLE = "CUSTOMER";
    public static final String CUSTOMER_CLAIM = "customer_id";

    private PortalAccess() {
    }
}
