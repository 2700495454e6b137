-- a customer's waiting payments are shown with their balance
alter table waiting_payment add column customer_id uuid;
update waiting_payment set customer_id = cast(payload::jsonb ->> 'customerId' as uuid) where customer_id is null;
alter table waiting_payment alter column customer_id set not null;
create index waiting_payment_customer on waiting_payment (customer_id);
