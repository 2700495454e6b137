-- V1 is left free: the skeleton had only the shared tables (db/support, V0_x)

-- what dispute-service knows of each invoice, from invoice.events and notification.events. A row is made by whichever
-- event about the invoice comes first; UNSEEN until its InvoiceIssued is seen (then OPEN, PAID, CANCELLED)
create table invoice_copy (
    invoice_id     uuid primary key,
    customer_id    uuid not null,
    number         text,
    status         text not null,
    currency       text,
    total          numeric(19, 4),
    open_amount    numeric(19, 4),
    issue_date     date,
    customer_name  text,
    language       text,
    time_zone      text,
    -- the invoice's lines as issued (description, quantity, unit price, ...), JSON
    lines          jsonb,
    -- the first invoice-issued email's NotificationSent: the start of the 8-day objection window
    delivered_at   timestamptz,
    updated_at     timestamptz not null
);
create index invoice_copy_customer on invoice_copy (customer_id);

create sequence dispute_number;

create table dispute (
    id                        uuid primary key,
    number                    text not null unique,
    customer_id               uuid not null,
    customer_name             text,
    invoice_id                uuid not null references invoice_copy (invoice_id),
    invoice_number            text not null,
    currency                  text not null,
    invoice_total             numeric(19, 4) not null,
    reason                    text not null,
    disputed_amount           numeric(19, 4),
    disputed_lines            jsonb,
    status                    text not null check (status in ('OPEN', 'UNDER_REVIEW', 'RESOLVED', 'WITHDRAWN')),
    opened_by                 text not null check (opened_by in ('CUSTOMER', 'STAFF')),
    opened_at                 timestamptz not null,
    time_zone                 text not null,
    assignee                  text,
    respond_by                timestamptz not null,
    first_response_at         timestamptz,
    -- when the scan published DisputeResponseOverdue (once per dispute)
    overdue_published_at      timestamptz,
    delivered_at              timestamptz,
    objection_deadline        timestamptz not null,
    late_objection            boolean not null,
    proposal_outcome          text,
    proposal_amount           numeric(19, 4),
    proposal_lines            jsonb,
    proposal_corrected_lines  jsonb,
    proposal_resolution       text,
    proposed_by               text,
    proposed_at               timestamptz,
    outcome                   text,
    resolution                text,
    resolved_at               timestamptz,
    approved_by               text,
    withdrawn_reason          text,
    updated_at                timestamptz not null
);
-- one open dispute per invoice at a time; the opening checks it first under the invoice's row lock, this is the backstop
create unique index dispute_one_open_per_invoice on dispute (invoice_id) where status in ('OPEN', 'UNDER_REVIEW');
create index dispute_customer on dispute (customer_id, opened_at desc);
create index dispute_awaiting_response on dispute (respond_by) where status in ('OPEN', 'UNDER_REVIEW') and first_response_at is null;

create table dispute_message (
    id                      uuid primary key,
    dispute_id              uuid not null references dispute (id),
    side                    text not null check (side in ('CUSTOMER', 'STAFF')),
    author                  text not null,
    body                    text not null,
    internal                boolean not null,
    invoice_copy_requested  boolean not null,
    posted_at               timestamptz not null,
    seq                     bigint generated always as identity
);
create index dispute_message_dispute on dispute_message (dispute_id, seq);

-- the files, in the database with their message (bytea): at most 5 x 10 MB per message, read one at a time
create table dispute_attachment (
    id            uuid primary key,
    message_id    uuid not null references dispute_message (id),
    dispute_id    uuid not null references dispute (id),
    position      int not null,
    file_name     text not null,
    content_type  text not null check (content_type in ('application/pdf', 'image/jpeg', 'image/png')),
    size          bigint not null,
    content       bytea not null
);
create index dispute_attachment_message on dispute_attachment (message_id, position);
