package dev.billing.payment.payment;

import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.EntityGraph;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

/** The payments, with their refunds. */
public interface Payments extends JpaRepository<Payment, UUID> {

    /** The payment, locked until the transaction ends: refunds of one payment are decided one after the other. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select p from Payment p where p.id = :id")
    Optional<Payment> findLocked(UUID id);

    @Query("select p from Payment p where p.customerId = :customerId order by p.recordedAt desc, p.id")
    List<Payment> ofCustomer(UUID customerId, Pageable page);

    @Query("select p from Payment p where p.invoiceId = :invoiceId order by p.recordedAt desc, p.id")
    List<Payment> ofInvoice(UUID invoiceId, Pageable page);

    @Query("select p from Payment p where p.invoiceId = :invoiceId and p.customerId = :customerId order by p.recordedAt desc, p.id")
    List<Payment> ofInvoiceOfCustomer(UUID invoiceId, UUID customerId, Pageable page);

    /** A refund with its payment. */
    @Query("select r from Refund r join fetch r.payment where r.id = :id")
    Optional<Refund> refund(UUID id);

    /** The refunds still PENDING at their provider that it was last asked about before {@code before}, the longest waiting first. */
    @Query("select r.id from Refund r where r.status = dev.billing.payment.payment.Refund.Status.PENDING and r.lastAskedAt < :before"
            + " order by r.lastAskedAt, r.id")
    List<UUID> pendingRefunds(Instant before, Pageable page);

    @EntityGraph(attributePaths = "refunds")
    @Query("select p from Payment p where p.id = :id")
    Optional<Payment> withRefunds(UUID id);
}
