-- what payment-service knows of each issued invoice (from invoice.events): whose it is, its currency, what is open
create table invoice_copy (
    invoice_id  uuid primary key,
    customer_id uuid           not null,
    number      text           not null,
    currency    text           not null,
    total       numeric(19, 4) not null,
    open_amount numeric(19, 4) not null,
    status      text           not null,
    due_date    date           not null
);
create index invoice_copy_customer on invoice_copy (customer_id, due_date);

-- money received: recorded by staff (method BANK_TRANSFER, CASH, CHEQUE, CARD, DIRECT_DEBIT) or, later, by a provider
create table payment (
    id                 uuid primary key,
    customer_id        uuid           not null,
    invoice_id         uuid,
    currency           text           not null,
    amount             numeric(19, 4) not null check (amount > 0),
    method             text           not null,
    provider           text,
    provider_reference text,
    reference          text,
    received_at        timestamptz    not null,
    recorded_at        timestamptz    not null,
    recorded_by        text           not null
);
create index payment_customer on payment (customer_id, recorded_at desc);
create index payment_invoice on payment (invoice_id) where invoice_id is not null;

-- money given back from a payment: never more than the payment, all its refunds together
create table refund (
    id          uuid primary key,
    payment_id  uuid           not null references payment (id),
    amount      numeric(19, 4) not null check (amount > 0),
    reason      text,
    refunded_at timestamptz    not null,
    refunded_by text           not null
);
create index refund_payment on refund (payment_id);
