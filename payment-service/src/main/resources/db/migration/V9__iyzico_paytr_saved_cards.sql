-- the refunds and saved cards' charges the iyzico and PayTR adapters sent, one row per idempotency key, written before
-- the request leaves: a key found here is a retry, and the provider is asked first whether it already made that refund
-- or charge (its answer may have been lost), so that it never gives back or charges twice
create table provider_request (
    provider        text        not null,
    idempotency_key uuid        not null,
    first_sent_at   timestamptz not null,
    primary key (provider, idempotency_key)
);

-- the buyer a checkout's iyzico Checkout Form was initialized with (JSON): a later charge of the card saved in that form
-- names the same buyer, as iyzico asks every payment to; and that card, "<cardUserKey>|<cardToken>", when the customer
-- saved it in the form
alter table iyzico_form add column buyer text;
alter table iyzico_form add column saved_card text;
create index iyzico_form_saved_card on iyzico_form (saved_card) where saved_card is not null;
