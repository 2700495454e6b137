-- who pays an invoice, from its InvoiceIssued (card providers ask for the payer's name, email and phone)
alter table invoice_copy add column payer_name text;
alter table invoice_copy add column payer_email text;
alter table invoice_copy add column payer_phone text;

-- what the provider collected, when it is more than the checkout (card instalment interest): the invoices get the
-- checkout's amount, the rest is the provider's interest, never the customer's credit
alter table checkout add column collected_amount numeric(19, 4);

-- when the reconciliation last asked the provider: the longest unasked go first, so that no open checkout waits behind
-- a backlog of others
alter table checkout add column reconciled_at timestamptz;
