-- rows Kafka can never take (too large, invalid topic) are set aside with the reason instead of blocking the relay
alter table outbox_event add column set_aside_at timestamptz, add column set_aside_reason text;
create index outbox_event_set_aside on outbox_event (message_key, id) where set_aside_at is not null and published_at is null;
