-- dead letters an operator replayed, as <dlq topic>-<partition>-<offset>/<ce_id> (offsets repeat after a broker is wiped)
create table dlq_replayed (
    dlq_record  text        primary key,
    replayed_at timestamptz not null
);
