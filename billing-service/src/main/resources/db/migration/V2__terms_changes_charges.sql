-- payment terms per account; a subscription may override them
alter table customer add column due_rule text not null default 'NET';
alter table customer add column payment_methods text not null default 'BANK_TRANSFER,CARD';
alter table customer add column late_fee_kind text not null default 'NONE';
alter table customer add column late_fee_value numeric(19, 4) not null default 0;
alter table customer add column updated_at timestamptz;

alter table subscription add column billing_day int;
alter table subscription add column in_arrears boolean not null default false;
alter table subscription add column end_date date;
alter table subscription add column paused_from date;
alter table subscription add column due_rule text;
alter table subscription add column payment_term_days int;
alter table subscription add column payment_methods text;

-- charges and credits waiting for the customer's next invoice: one-off work, proration, late fees
create table pending_charge (
    id               uuid primary key,
    customer_id      uuid          not null references customer (id),
    subscription_id  uuid references subscription (id),
    description      text          not null,
    quantity         numeric(19, 4) not null,
    unit_price       numeric(19, 4) not null,
    tax_rate         numeric(7, 4) not null,
    currency         char(3)       not null,
    kind             text          not null,
    source_ref       text unique,
    created_at       timestamptz   not null,
    billed_request_id text
);
create index pending_charge_open on pending_charge (customer_id, currency) where billed_request_id is null;
