create table invoice (
    id               uuid primary key,
    number           text unique,
    series           text          not null,
    status           text          not null,
    customer_id      uuid          not null,
    request_id       text unique,
    subscription_id  uuid,
    bill_to_name     text          not null,
    bill_to_email    text          not null,
    bill_to_phone    text,
    bill_to_language text          not null,
    bill_to_time_zone text         not null,
    issue_date       date,
    fulfilment_date  date          not null,
    due_date         date,
    payment_term_days int          not null,
    currency         char(3)       not null,
    net_total        numeric(19, 4) not null,
    tax_total        numeric(19, 4) not null,
    total            numeric(19, 4) not null,
    open_amount      numeric(19, 4) not null,
    created_at       timestamptz   not null,
    issued_at        timestamptz
);
create index invoice_customer on invoice (customer_id, status);
create index invoice_status_due on invoice (status, due_date);

create table invoice_line (
    invoice_id  uuid          not null references invoice (id),
    position    int           not null,
    description text          not null,
    quantity    numeric(19, 4) not null,
    unit_price  numeric(19, 4) not null,
    tax_rate    numeric(7, 4) not null,
    net_amount  numeric(19, 4) not null,
    tax_amount  numeric(19, 4) not null,
    gross_amount numeric(19, 4) not null,
    primary key (invoice_id, position)
);

create table invoice_tax (
    invoice_id     uuid          not null references invoice (id),
    tax_rate       numeric(7, 4) not null,
    taxable_amount numeric(19, 4) not null,
    tax_amount     numeric(19, 4) not null,
    primary key (invoice_id, tax_rate)
);

-- the last number handed out per series and year; the row lock serialises issuing, so numbers have no gaps
create table number_series (
    series      text not null,
    year        int  not null,
    last_number bigint not null,
    primary key (series, year)
);
