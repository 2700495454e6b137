-- a credit note issued for a dispute's CREDIT_NOTE outcome names the dispute: one credit note per dispute, however
-- often DisputeResolved is delivered
alter table credit_note add column dispute_id uuid;
create unique index credit_note_dispute on credit_note (dispute_id) where dispute_id is not null;

-- a dispute's REISSUE outcome cancels the invoice by storno and issues a corrected one for the same period: the
-- corrected invoice names the one it corrects (once: an invoice is corrected at most once), the original the one that
-- corrected it
alter table invoice add column corrects_invoice_id uuid references invoice (id);
alter table invoice add column corrected_by_invoice_id uuid references invoice (id);
create unique index invoice_corrects on invoice (corrects_invoice_id) where corrects_invoice_id is not null;

-- the corrected invoice carries the billing request of the invoice it corrects (the period stays billed by it), so a
-- request id is unique among the invoices that correct none
alter table invoice drop constraint invoice_request_id_key;
create unique index invoice_request on invoice (request_id) where corrects_invoice_id is null;
create index invoice_request_id on invoice (request_id);
