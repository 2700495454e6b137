package dev.billing.billing.charge;

import java.util.Map;

/** Line texts the billing service writes itself, in the customer's language. */
public final class Labels {
    private static final Map<String, Map<String, String>> TEXT = Map.of(
            "credit", Map.of("tr", "Kıst iade", "en", "Prorated credit", "hu", "Időarányos jóváírás"),
            "charge", Map.of("tr", "Kıst ücret", "en", "Prorated charge", "hu", "Időarányos díj"),
            "late-fee", Map.of("tr", "Gecikme bedeli", "en", "Late fee", "hu", "Késedelmi díj"));

    public static String of(String key, String language) {
        Map<String, String> byLanguage = TEXT.get(key);
        return byLanguage.getOrDefault(language, byLanguage.get("en"));
    }

    private Labels() {
    }
}
