-- shared by every service: events to publish (outbox) and events already processed (inbox)
create table outbox_event (
    id           bigserial primary key,
    event_id     uuid        not null unique,
    event_type   text        not null,
    topic        text        not null,
    message_key  text        not null,
    subject      text,
    payload      text        not null,
    occurred_at  timestamptz not null,
    published_at timestamptz
);
create index outbox_event_pending on outbox_event (id) where published_at is null;

create table inbox_event (
    event_id     text        primary key,
    event_type   text        not null,
    processed_at timestamptz not null
);
