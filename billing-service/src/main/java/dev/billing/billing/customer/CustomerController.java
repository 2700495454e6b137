package dev.billing.billing.customer;

import dev.billing.events.EventCatalog;
import dev.billing.events.billing.CustomerRegistered;
import dev.billing.support.events.Outbox;
import dev.billing.support.web.ApiProblem;
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
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Billing accounts: {@code POST /api/customers} registers one and announces it on billing.events. */
@RestController
@RequestMapping("/api/customers")
public class CustomerController {
    private final Customers customers;
    private final Outbox outbox;
    private final Clock clock;

    public CustomerController(Customers customers, Outbox outbox, Clock clock) {
        this.customers = customers;
        this.outbox = outbox;
        this.clock = clock;
    }

    public record RegisterCustomer(
            @NotBlank @Size(max = 200) String name,
            @NotBlank @Email @Size(max = 254) String email,
            @Pattern(regexp = "\\+?[0-9 ()-]{6,20}", message = "must be a phone number such as +905321234567") String phone,
            @NotNull @Pattern(regexp = "tr|en|hu", message = "must be one of tr, en, hu") String language,
            @NotBlank @Size(max = 64) String timeZone,
            @NotNull @Min(0) @Max(365) Integer paymentTermDays) {
    }

    public record CustomerView(UUID id, String name, String email, String phone, String language, String timeZone,
                               int paymentTermDays) {
        static CustomerView of(Customer c) {
            return new CustomerView(c.id(), c.name(), c.email(), c.phone(), c.language(), c.timeZone().getId(),
                    c.paymentTermDays());
        }
    }

    @PostMapping
    @Transactional
    public ResponseEntity<CustomerView> register(@Valid @RequestBody RegisterCustomer request) {
        ZoneId zone = zone(request.timeZone());
        Customer customer = new Customer(UUID.randomUUID(), request.name().trim(), request.email().trim(),
                request.phone(), request.language(), zone, request.paymentTermDays());
        customers.insert(customer, clock.instant());
        outbox.add(EventCatalog.CUSTOMER_REGISTERED, customer.id(), "customer/" + customer.id(),
                new CustomerRegistered(customer.id(), customer.name(), customer.email(), customer.phone(),
                        customer.language(), zone.getId(), customer.paymentTermDays(), clock.instant()));
        return ResponseEntity.created(URI.create("/api/customers/" + customer.id())).body(CustomerView.of(customer));
    }

    @GetMapping("/{id}")
    public CustomerView get(@PathVariable UUID id) {
        return customers.find(id).map(CustomerView::of).orElseThrow(() -> ApiProblem.notFound("Customer", id));
    }

    @GetMapping
    public List<CustomerView> list(@RequestParam(defaultValue = "100") int limit, @RequestParam(defaultValue = "0") int offset) {
        if (limit < 1 || limit > 1000) {
            throw ApiProblem.badRequest("limit", "must be between 1 and 1000");
        }
        if (offset < 0) {
            throw ApiProblem.badRequest("offset", "must not be negative");
        }
        return customers.list(limit, offset).stream().map(CustomerView::of).toList();
    }

    private static ZoneId zone(String id) {
        try {
            if (!id.contains("/") && !id.equals("UTC")) {
                throw new DateTimeException("not a region id");
            }
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            throw ApiProblem.badRequest("timeZone", "must be an IANA time zone such as Europe/Istanbul");
        }
    }
}
