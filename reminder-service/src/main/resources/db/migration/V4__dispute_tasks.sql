-- collection tasks about a dispute (dispute.events): "reply to the customer" after a customer's message, at most one
-- open per dispute, and "SLA overdue" when the first response was not given in time, at most one per dispute ever
alter table collection_task add column dispute_id uuid;
alter table collection_task add column kind text;
create unique index collection_task_dispute_reply on collection_task (dispute_id) where kind = 'DISPUTE_REPLY' and status = 'OPEN';
create unique index collection_task_dispute_overdue on collection_task (dispute_id) where kind = 'DISPUTE_OVERDUE';
create index collection_task_dispute_open on collection_task (dispute_id) where status = 'OPEN' and dispute_id is not null;
