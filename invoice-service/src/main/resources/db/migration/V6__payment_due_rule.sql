-- the account's due rule (NET or END_OF_MONTH), from CustomerRegistered/Updated; a staff draft keeps the one it was made with
alter table customer_account add column payment_due_rule text not null default 'NET';
alter table invoice add column payment_due_rule text not null default 'NET';
