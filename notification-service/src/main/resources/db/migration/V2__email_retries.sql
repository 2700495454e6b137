-- email delivery: a PENDING email is due at next_attempt_at (back-off after a failed attempt); a SENDING
-- email is being handed to SMTP, and next_attempt_at is the end of that claim's lease, after which
-- another pass takes it over (the dispatcher died mid-send or could not record the outcome)
alter table notification add column next_attempt_at timestamptz;
update notification set next_attempt_at = created_at where status = 'PENDING';
drop index notification_pending;
create index notification_due on notification (next_attempt_at) where status in ('PENDING', 'SENDING');
