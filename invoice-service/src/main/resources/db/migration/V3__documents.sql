-- rendered PDFs: the invoice as issued and, once cancelled, its storno; written once, out of the issuing transaction
create table invoice_document (
    invoice_id  uuid        not null references invoice (id),
    kind        text        not null check (kind in ('INVOICE', 'STORNO')),
    content     bytea       not null,
    rendered_at timestamptz not null,
    primary key (invoice_id, kind)
);
-- the background renderer polls recently issued and recently cancelled invoices through these
create index invoice_issued_at on invoice (issued_at) where number is not null;
create index invoice_cancelled_at on invoice (cancelled_at) where storno_number is not null;

-- files staff attach to an invoice (MiniCRM's file field)
create table invoice_attachment (
    id           uuid primary key,
    invoice_id   uuid        not null references invoice (id),
    filename     text        not null,
    content_type text        not null,
    size         bigint      not null,
    content      bytea       not null,
    created_at   timestamptz not null
);
create index invoice_attachment_invoice on invoice_attachment (invoice_id, created_at);
