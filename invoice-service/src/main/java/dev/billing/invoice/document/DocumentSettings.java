package dev.billing.invoice.document;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The seller printed on documents; the defaults only make a fresh checkout render something sensible. */
@Configuration
public class DocumentSettings {

    @Bean
    Seller seller(@Value("${invoice.seller.name:Billing Platform A.Ş.}") String name,
                  @Value("${invoice.seller.address:Büyükdere Cad. No: 1, 34394 Şişli}") String address,
                  @Value("${invoice.seller.tax-id:1234567890}") String taxId,
                  @Value("${invoice.seller.tax-office:}") String taxOffice,
                  @Value("${invoice.seller.city:İstanbul}") String city,
                  @Value("${invoice.seller.country:Türkiye}") String country) {
        return new Seller(name, address, taxId, taxOffice, city, country);
    }
}
