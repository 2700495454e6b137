-- an invoice while a dispute about it is open (DisputeOpened until DisputeResolved or DisputeWithdrawn): no late fee
-- is added for it. An InvoiceOverdue that comes meanwhile is kept here (overdue_number set) with what is open of the
-- invoice, kept up to date by its payments, credit notes, refunds and storno; when the dispute ends REJECTED or
-- WITHDRAWN and something is still open, the late fee is added then, once
create table disputed_invoice (
    invoice_id     uuid primary key,
    dispute_id     uuid          not null,
    customer_id    uuid          not null,
    disputed_at    timestamptz   not null,
    overdue_number text,
    currency       char(3),
    open_amount    numeric(19, 4)
);
