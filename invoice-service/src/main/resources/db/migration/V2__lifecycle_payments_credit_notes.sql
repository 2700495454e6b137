-- billing accounts as billing-service announces them: what manual invoices are addressed to
create table customer_account (
    customer_id       uuid primary key,
    name              text        not null,
    email             text        not null,
    phone             text,
    language          text        not null,
    time_zone         text        not null,
    payment_term_days int         not null,
    updated_at        timestamptz not null
);

alter table invoice alter column fulfilment_date drop not null;
alter table invoice add column overdue_at    timestamptz;
alter table invoice add column paid_at       timestamptz;
alter table invoice add column cancelled_at  timestamptz;
alter table invoice add column storno_number text unique;
alter table invoice add column cancel_reason text;
alter table invoice add column credited_amount numeric(19, 4) not null default 0;
alter table invoice_line add column discount_percent numeric(7, 4) not null default 0;
create index invoice_open_due on invoice (due_date) where status in ('ISSUED', 'PARTIALLY_PAID') and overdue_at is null;
create index invoice_number_search on invoice (number text_pattern_ops);
create index invoice_issue_date on invoice (issue_date);

-- every payment or refund applied to an invoice, once per payment/refund id
create table payment_application (
    reference_id  text primary key,
    kind          text          not null,
    payment_id    uuid          not null,
    invoice_id    uuid          not null references invoice (id),
    customer_id   uuid          not null,
    currency      char(3)       not null,
    amount        numeric(19, 4) not null,
    applied       numeric(19, 4) not null,
    applied_at    timestamptz   not null
);
create index payment_application_invoice on payment_application (invoice_id);

-- money paid beyond what was owed, per customer and currency
create table customer_credit (
    customer_id uuid          not null,
    currency    char(3)       not null,
    amount      numeric(19, 4) not null,
    primary key (customer_id, currency)
);

create table credit_note (
    id          uuid primary key,
    number      text          not null unique,
    invoice_id  uuid          not null references invoice (id),
    customer_id uuid          not null,
    issue_date  date          not null,
    currency    char(3)       not null,
    amount      numeric(19, 4) not null,
    reason      text,
    created_at  timestamptz   not null
);
create index credit_note_invoice on credit_note (invoice_id);
