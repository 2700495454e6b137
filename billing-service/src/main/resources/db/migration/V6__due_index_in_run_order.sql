-- the billing run reads the due subscriptions in (next_cut_date, id) order, a page after the last one read
drop index subscription_due;
create index subscription_due on subscription (next_cut_date, id) where status = 'ACTIVE';
