-- a provider may report on a message before its answer to the hand-off is recorded (its id is stored only then): such a
-- report waits here, keyed by the provider's id, and is applied when the message is marked SENT
create table early_delivery_report (
    provider            text        not null,
    provider_message_id text        not null,
    delivery_status     text        not null,
    delivery_error      text,
    reported_at         timestamptz not null,
    primary key (provider, provider_message_id)
);
