-- the trace context of the event that caused the message: the email is sent in that trace, however much later
alter table notification add column traceparent text;
