-- the inbox is kept per consumer (the function that handled the event), and rows older than the retention are deleted.
-- Rows from before this change belong to no known consumer: '*' stands for "every consumer of this service".
alter table inbox_event add column consumer text not null default '*';
alter table inbox_event alter column consumer drop default;
alter table inbox_event drop constraint inbox_event_pkey;
alter table inbox_event add primary key (consumer, event_id);
create index inbox_event_processed_at on inbox_event (processed_at);
