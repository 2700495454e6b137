-- a FIXED late fee is an amount in one currency (null for the other kinds, and for FIXED fees set before this:
-- those are charged on no invoice until the account names the currency); late fees are taxed at the rate the terms name
alter table customer add column late_fee_currency char(3);
alter table customer add column late_fee_tax_rate numeric(7, 4) not null default 0;

-- a billed period whose invoice was cancelled (storno) waits for an explicit rebill request; request_id is then
-- the rebill's, and rebill_count says how often the period was billed again
alter table billed_period add column cancelled_at timestamptz;
alter table billed_period add column rebill_count int not null default 0;

-- in arrears: the first day of the current period not yet billed, when days before it were billed at a pause
alter table subscription add column unbilled_from date;
