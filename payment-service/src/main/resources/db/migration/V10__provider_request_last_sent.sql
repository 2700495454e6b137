-- the listing delay before a lost refund or charge is sent again counts from its last sending, not its first: a second
-- lost answer then waits as long as the first did
alter table provider_request rename column first_sent_at to last_sent_at;
