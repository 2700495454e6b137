-- dead letters (records on <topic>.dlq, named <dlq topic>-<partition>-<offset>) an operator replayed
create table dlq_replayed (
    dlq_record  text        primary key,
    replayed_at timestamptz not null
);
