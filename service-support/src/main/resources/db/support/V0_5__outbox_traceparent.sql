-- the W3C trace context of the transaction that wrote the event; the relay sends it as the traceparent header
alter table outbox_event add column traceparent text;
