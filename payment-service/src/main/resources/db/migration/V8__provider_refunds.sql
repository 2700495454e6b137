-- a refund of a payment a provider took is sent to that provider: PENDING from when staff ask for it (its id is its
-- idempotency key there) until the provider's answer makes it SUCCEEDED or FAILED; a refund staff record of a payment
-- they recorded is SUCCEEDED at once, as every refund before this migration was
alter table refund add column status text not null default 'SUCCEEDED' check (status in ('PENDING', 'SUCCEEDED', 'FAILED'));
alter table refund alter column status drop default;
-- what the provider calls the refund (Stripe's re_..., the sandbox's sbx_re_...), and why it refused one
alter table refund add column provider_reference text;
alter table refund add column failure text;
-- when it became SUCCEEDED or FAILED; when its provider was last asked (the retry asks again some minutes after)
alter table refund add column decided_at timestamptz;
update refund set decided_at = refunded_at;
alter table refund add column last_asked_at timestamptz;
create index refund_pending on refund (last_asked_at) where status = 'PENDING';

-- iyzico refunds a payment's basket item, by the item's paymentTransactionId, which CF-Retrieve names with the paymentId
alter table iyzico_form add column payment_id text;
alter table iyzico_form add column payment_transaction_id text;
create index iyzico_form_payment on iyzico_form (payment_id) where payment_id is not null;

-- the sandbox's refunds, one per idempotency key, as a real provider answers a retried request
create table sandbox_refund (
    idempotency_key uuid primary key,
    transaction_id  text           not null,
    amount          numeric(19, 4) not null,
    currency        text           not null,
    refund_id       text           not null unique,
    status          text           not null, -- SUCCEEDED, FAILED
    failure         text,
    refunded_at     timestamptz    not null
);
