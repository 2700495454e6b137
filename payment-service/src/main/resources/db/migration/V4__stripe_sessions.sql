-- Stripe's Checkout Session of each checkout sent there: what the reconciliation asks Stripe about
create table stripe_session (
    checkout_id uuid primary key,
    session_id  text        not null unique,
    created_at  timestamptz not null
);
