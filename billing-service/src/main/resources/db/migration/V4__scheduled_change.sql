-- a change effective after the current period waits here and is put into force on its date by the billing run;
-- null fields are left as they are then
create table scheduled_change (
    subscription_id uuid primary key references subscription (id),
    effective_date  date           not null,
    description     text,
    quantity        numeric(19, 4),
    unit_price      numeric(19, 4),
    scheduled_at    timestamptz    not null
);
