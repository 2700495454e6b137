-- a customer paying online: one or more open invoices of one currency, at one provider
create table checkout (
    id                 uuid primary key,
    customer_id        uuid           not null,
    provider           text           not null,
    currency           text           not null,
    amount             numeric(19, 4) not null check (amount > 0),
    status             text           not null, -- OPEN, PAID, FAILED, MISMATCH (the provider collected less)
    provider_reference text,
    failure            text,
    return_url         text           not null,
    created_at         timestamptz    not null,
    completed_at       timestamptz
);
create index checkout_open on checkout (created_at) where status = 'OPEN';
create index checkout_customer on checkout (customer_id, created_at desc);

-- what a checkout pays of each invoice: the oldest due first, each up to its open amount when the checkout began
create table checkout_invoice (
    checkout_id uuid           not null references checkout (id),
    invoice_id  uuid           not null,
    position    int            not null,
    amount      numeric(19, 4) not null check (amount > 0),
    primary key (checkout_id, invoice_id)
);

-- one payment per invoice and provider transaction: a repeated or replayed callback cannot record it twice
create unique index payment_provider_transaction on payment (provider, provider_reference, invoice_id)
    where provider is not null;

-- the sandbox provider's own book of charges (what a real provider would answer a status query from)
create table sandbox_charge (
    checkout_id    uuid primary key,
    transaction_id text        not null unique,
    status         text        not null, -- SUCCEEDED, DECLINED, AWAITING_CONFIRMATION
    card_last4     text        not null,
    decline_reason text,
    charged_at     timestamptz not null
);
