-- every change of a customer's credit with its reason; customer_credit keeps the balance
create table credit_movement (
    id          uuid primary key,
    customer_id uuid           not null,
    currency    char(3)        not null,
    change      numeric(19, 4) not null,
    balance     numeric(19, 4) not null,
    reason      text           not null,
    invoice_id  uuid,
    payment_id  uuid,
    occurred_at timestamptz    not null
);
create index credit_movement_customer on credit_movement (customer_id, occurred_at, id);
-- balances from before the history: one opening movement each, so the history sums to the balance
insert into credit_movement (id, customer_id, currency, change, balance, reason, occurred_at)
select gen_random_uuid(), customer_id, currency, amount, amount, 'OPENING_BALANCE', now() from customer_credit where amount <> 0;

-- payments and refunds without an invoice, and credit applied to an invoice, are recorded (once) too;
-- credited: what the application changed the customer's credit by
alter table payment_application alter column invoice_id drop not null;
alter table payment_application alter column payment_id drop not null;
alter table payment_application add column credited numeric(19, 4) not null default 0;
create index payment_application_payment on payment_application (payment_id);

-- a payment or refund for an invoice not known here yet waits for the invoice instead of failing
create table waiting_payment (
    reference_id text primary key,
    kind         text        not null,
    invoice_id   uuid        not null,
    payload      text        not null,
    received_at  timestamptz not null
);
create index waiting_payment_invoice on waiting_payment (invoice_id);

-- credit notes: what they credited per line (by lines) and per tax rate (all of them)
create table credit_note_line (
    credit_note_id uuid           not null references credit_note (id),
    invoice_id     uuid           not null references invoice (id),
    position       int            not null,
    quantity       numeric(19, 4) not null,
    primary key (credit_note_id, position)
);
create index credit_note_line_invoice on credit_note_line (invoice_id, position);
create table credit_note_tax (
    credit_note_id uuid           not null references credit_note (id),
    tax_rate       numeric(7, 4)  not null,
    taxable_amount numeric(19, 4) not null,
    tax_amount     numeric(19, 4) not null,
    primary key (credit_note_id, tax_rate)
);

-- numbers sort by (series, year, sequence), also once a sequence has more than six digits
alter table invoice add column number_sort text generated always as (
    regexp_replace(number, '-[0-9]+$', '-') || lpad(substring(number from '[0-9]+$'), 12, '0')) stored;
create index invoice_number_sort on invoice (number_sort);
