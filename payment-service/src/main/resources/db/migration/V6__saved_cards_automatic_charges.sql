-- the customer's time zone (from InvoiceIssued's bill-to): an invoice is charged automatically on its due date as the
-- customer's calendar has it; null (copies from before): UTC
alter table invoice_copy add column time_zone text;
-- an open dispute on the invoice (dispute.events): no automatic charge while it lasts
alter table invoice_copy add column disputed boolean not null default false;

-- a checkout whose customer asked to save the card for automatic charges
alter table checkout add column save_card boolean not null default false;

-- a card saved at a provider, with the customer's authorisation to charge it automatically: the provider's token and
-- what may be shown (brand, last four digits, expiry), never the card number
create table saved_card (
    id             uuid primary key,
    customer_id    uuid        not null,
    provider       text        not null,
    provider_token text        not null,
    brand          text,
    last4          text        not null,
    expires_on     date,
    status         text        not null, -- ACTIVE, REMOVED (by the customer, or replaced), BLOCKED (a hard decline)
    checkout_id    uuid        not null, -- the payment during which the customer saved it and authorised automatic charges
    authorised_at  timestamptz not null,
    ended_at       timestamptz,
    ended_reason   text
);
create unique index saved_card_active on saved_card (customer_id) where status = 'ACTIVE';
create unique index saved_card_token on saved_card (provider, provider_token);

-- the invoices' payment plans (reminder.events): an invoice under an active plan is charged by its instalments instead
create table payment_plan_copy (
    plan_id     uuid primary key,
    invoice_id  uuid           not null,
    customer_id uuid           not null,
    currency    text           not null,
    -- what the instalments add up to: the invoice's open amount when the plan was made
    total       numeric(19, 4) not null,
    status      text           not null, -- ACTIVE, or how it ended (COMPLETED, CANCELLED, BROKEN)
    changed_at  timestamptz    not null
);
create index payment_plan_copy_invoice on payment_plan_copy (invoice_id) where status = 'ACTIVE';
create table plan_instalment_copy (
    plan_id  uuid           not null references payment_plan_copy (plan_id),
    position int            not null,
    due_on   date           not null,
    amount   numeric(19, 4) not null,
    primary key (plan_id, position)
);

-- the automatic charging of one invoice, or of one instalment of its payment plan, with the customer's saved card: its
-- attempts follow the retry schedule
create table automatic_charge (
    id               uuid primary key,
    invoice_id       uuid           not null,
    -- null and 0 for the invoice; the plan and the instalment's position for an instalment
    plan_id          uuid,
    instalment       int            not null default 0,
    customer_id      uuid           not null,
    card_id          uuid           not null references saved_card (id),
    currency         text           not null,
    -- the amount of the attempt under way or last made: what was open when it began
    amount           numeric(19, 4) not null check (amount > 0),
    first_attempt_on date           not null,
    failed_attempts  int            not null default 0,
    -- SCHEDULED (next_attempt_on), CHARGING (attempt_key sent to the provider, its answer not recorded yet), PAID,
    -- HARD_DECLINED, GAVE_UP (the schedule ran out), STOPPED (the card went away before it was paid)
    status           text           not null,
    next_attempt_on  date,
    attempt_key      uuid,
    last_failure     text,
    payment_id       uuid,
    updated_at       timestamptz    not null
);
create unique index automatic_charge_of on automatic_charge (invoice_id, coalesce(plan_id, '00000000-0000-0000-0000-000000000000'), instalment);
create index automatic_charge_customer on automatic_charge (customer_id, updated_at desc);
create index automatic_charge_due on automatic_charge (next_attempt_on) where status in ('SCHEDULED', 'CHARGING');

-- the sandbox provider's saved cards (a real provider keeps these): how each test card answers later charges
create table sandbox_card (
    token      text primary key,
    last4      text        not null,
    behaviour  text        not null, -- PAYS, INSUFFICIENT_FUNDS, STOLEN
    created_at timestamptz not null
);
-- the sandbox's charges of saved cards, one per idempotency key, as a real provider answers a retried request
create table sandbox_card_charge (
    idempotency_key uuid primary key,
    token           text           not null references sandbox_card (token),
    amount          numeric(19, 4) not null,
    currency        text           not null,
    transaction_id  text           not null unique,
    status          text           not null, -- SUCCEEDED, DECLINED
    decline_code    text,
    charged_at      timestamptz    not null
);
-- the card a sandbox checkout saved, if its customer asked to
alter table sandbox_charge add column card_token text references sandbox_card (token);
