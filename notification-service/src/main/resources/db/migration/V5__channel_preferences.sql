-- the channels a customer does not want reminders on (invoices and receipts still go out: they are not reminders)
create table channel_opt_out (
    customer_id uuid        not null,
    channel     text        not null,
    updated_by  text        not null,
    updated_at  timestamptz not null,
    primary key (customer_id, channel)
);
