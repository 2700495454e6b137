-- the activity log: every event of every topic once (its CloudEvents id), with who caused it and its data
create table activity (
    event_id    text primary key,
    event_type  text        not null,
    source      text        not null,
    customer_id uuid,
    subject     text,
    actor       text        not null,
    actor_name  text        not null,
    occurred_at timestamptz not null,
    data        jsonb       not null,
    recorded_at timestamptz not null default now()
);
create index activity_by_customer on activity (customer_id, occurred_at, event_id);
create index activity_by_actor on activity (actor, occurred_at);
