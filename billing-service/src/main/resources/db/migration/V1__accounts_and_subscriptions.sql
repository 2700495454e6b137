create table customer (
    id                uuid primary key,
    name              text        not null,
    email             text        not null,
    phone             text,
    language          text        not null,
    time_zone         text        not null,
    payment_term_days int         not null,
    created_at        timestamptz not null
);

create table subscription (
    id             uuid primary key,
    customer_id    uuid          not null references customer (id),
    description    text          not null,
    quantity       numeric(19, 4) not null,
    unit_price     numeric(19, 4) not null,
    currency       char(3)       not null,
    tax_rate       numeric(7, 4) not null,
    billing_period text          not null,
    start_date     date          not null,
    periods_billed int           not null default 0,
    next_cut_date  date          not null,
    status         text          not null,
    created_at     timestamptz   not null
);
create index subscription_due on subscription (next_cut_date) where status = 'ACTIVE';
create index subscription_customer on subscription (customer_id);

-- one row per billed period: the guard that makes a cut date yield one InvoiceRequested, never two
create table billed_period (
    subscription_id uuid not null references subscription (id),
    period_start    date not null,
    period_end      date not null,
    request_id      text not null unique,
    requested_at    timestamptz not null,
    primary key (subscription_id, period_start)
);

create table billing_run (
    id              bigserial primary key,
    trigger         text        not null,
    platform_time   timestamptz not null,
    started_at      timestamptz not null,
    finished_at     timestamptz,
    requested_count int         not null default 0,
    failure_count   int         not null default 0,
    last_failure    text
);
