package dev.billing.billing.customer;

import dev.billing.billing.terms.PaymentTerms;
import dev.billing.billing.terms.TermsRequest;
import dev.billing.events.EventCatalog;
import dev.billing.events.billing.CustomerRegistered;
import dev.billing.events.billing.CustomerUpdated;
import dev.billing.support.events.Outbox;
import dev.billing.support.time.TimeZones;
import dev.billing.support.web.ApiProblem;
import dev.billing.support.web.RequestValues;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Billing accounts: {@code POST /api/customers} registers one, {@code PUT /api/customers/{id}} changes it;
 * both announce the account's new state on billing.events.
 */
@RestController
@RequestMapping("/api/customers")
public class CustomerController {
    private final Customers customers;
    private final TimeZones zones;
    private final Outbox outbox;
    private final Clock clock;

    public CustomerController(Customers customers, TimeZones zones, Outbox outbox, Clock clock) {
        this.customers = customers;
        this.zones = zones;
        this.outbox = outbox;
        this.clock = clock;
    }

    public record CustomerRequest(
            @NotBlank @Size(max = 200) String name,
            @NotBlank @Email @Size(max = 254) String email,
            @Pattern(regexp = "\\+?[0-9 ()-]{6,20}", message = "must be a phone number such as +905321234567") String phone,
            @NotNull @Pattern(regexp = "tr|en|hu", message = "must be one of tr, en, hu") String language,
            @NotBlank @Size(max = 64) String timeZone,
            @NotNull @Min(0) @Max(365) Integer paymentTermDays,
            @Valid TermsRequest terms) {
    }

    public record TermsView(String dueRule, int days, List<String> paymentMethods, String lateFee, String lateFeeValue,
                            String lateFeeCurrency, String lateFeeTaxRate) {
        static TermsView of(PaymentTerms t) {
            return new TermsView(t.dueRule().name(), t.days(), t.paymentMethods(), t.lateFee().name(),
                    t.lateFeeValue().toPlainString(), t.lateFeeCurrency(), t.lateFeeTaxRate().toPlainString());
        }
    }

    public record CustomerView(UUID id, String name, String email, String phone, String language, String timeZone,
                               int paymentTermDays, TermsView terms) {
        static CustomerView of(Customer c) {
            return new CustomerView(c.id(), c.name(), c.email(), c.phone(), c.language(), c.timeZone().getId(),
                    c.paymentTermDays(), TermsView.of(c.terms()));
        }
    }

    @PostMapping
    @Transactional
    public ResponseEntity<CustomerView> register(@Valid @RequestBody CustomerRequest request) {
        Customer customer = customer(UUID.randomUUID(), request);
        customers.insert(customer, clock.instant());
        outbox.add(EventCatalog.CUSTOMER_REGISTERED, customer.id(), "customer/" + customer.id(),
                new CustomerRegistered(customer.id(), customer.name(), customer.email(), customer.phone(),
                        customer.language(), customer.timeZone().getId(), customer.paymentTermDays(), clock.instant(),
                        customer.terms().dueRule().name()));
        return ResponseEntity.created(URI.create("/api/customers/" + customer.id())).body(CustomerView.of(customer));
    }

    @PutMapping("/{id}")
    @Transactional
    public CustomerView update(@PathVariable UUID id, @Valid @RequestBody CustomerRequest request) {
        Customer current = customers.lock(id).orElseThrow(() -> ApiProblem.notFound("Customer", id));
        Customer customer = customer(current.id(), request, current.terms());
        customers.update(customer, clock.instant());
        outbox.add(EventCatalog.CUSTOMER_UPDATED, customer.id(), "customer/" + customer.id(),
                new CustomerUpdated(customer.id(), customer.name(), customer.email(), customer.phone(),
                        customer.language(), customer.timeZone().getId(), customer.paymentTermDays(), clock.instant(),
                        customer.terms().dueRule().name()));
        return CustomerView.of(customer);
    }

    @GetMapping("/{id}")
    public CustomerView get(@PathVariable UUID id) {
        return customers.find(id).map(CustomerView::of).orElseThrow(() -> ApiProblem.notFound("Customer", id));
    }

    @GetMapping
    public List<CustomerView> list(@RequestParam(required = false) String q,
                                   @RequestParam(defaultValue = "100") int limit, @RequestParam(defaultValue = "0") int offset) {
        if (limit < 1 || limit > 1000) {
            throw ApiProblem.badRequest("limit", "must be between 1 and 1000");
        }
        if (offset < 0) {
            throw ApiProblem.badRequest("offset", "must not be negative");
        }
        if (q != null && q.length() > 200) {
            throw ApiProblem.badRequest("q", "must be at most 200 characters");
        }
        return customers.list(q, limit, offset).stream().map(CustomerView::of).toList();
    }

    private Customer customer(UUID id, CustomerRequest request) {
        return customer(id, request, TermsRequest.DEFAULTS);
    }

    private Customer customer(UUID id, CustomerRequest request, PaymentTerms defaults) {
        ZoneId zone = zones.known(request.timeZone()).orElseThrow(() -> ApiProblem.badRequest("timeZone", "must be a tz "
                + "database name that java.time and PostgreSQL know, such as Europe/Istanbul or UTC; offsets such as +03:00 are not"));
        PaymentTerms terms = request.terms() == null
                ? defaults.withPayment(defaults.dueRule(), request.paymentTermDays(), defaults.paymentMethods())
                : request.terms().toTerms("terms.", request.paymentTermDays(), defaults);
        return new Customer(id, RequestValues.singleLine("name", request.name()).trim(),
                RequestValues.singleLine("email", request.email()).trim(), request.phone(), request.language(), zone, terms);
    }
}
