package dev.billing.local;

import java.util.List;

/** The deployables of the platform, with their local ports and the database each one owns. */
public enum PlatformService {
    BILLING("billing-service", 8081, "billing"),
    INVOICE("invoice-service", 8082, "invoice"),
    REMINDER("reminder-service", 8083, "reminder"),
    PAYMENT("payment-service", 8084, "payment"),
    NOTIFICATION("notification-service", 8085, "notification"),
    DISPUTE("dispute-service", 8086, "dispute"),
    REPORTING("reporting-service", 8087, "reporting");

    public static final int GATEWAY_PORT = 8080;
    public static final String GATEWAY_MODULE = "gateway";

    private final String module;
    private final int port;
    private final String database;

    PlatformService(String module, int port, String database) {
        this.module = module;
        this.port = port;
        this.database = database;
    }

    public String module() {
        return module;
    }

    public int port() {
        return port;
    }

    public String database() {
        return database;
    }

    /** The gateway's variable that holds this service's base URL, e.g. {@code INVOICE_SERVICE_URL}. */
    public String urlVariable() {
        return name() + "_SERVICE_URL";
    }

    public static List<PlatformService> all() {
        return List.of(values());
    }
}
