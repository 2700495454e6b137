-- iyzico's Checkout Form token of each checkout sent there: what its callback names and the reconciliation retrieves
create table iyzico_form (
    checkout_id uuid primary key,
    token       text        not null unique,
    created_at  timestamptz not null
);
