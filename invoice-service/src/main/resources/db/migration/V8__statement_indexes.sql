-- the statement of account reads a customer's payments and credit notes by period (and sums what came before)
create index payment_application_customer on payment_application (customer_id, applied_at);
create index credit_note_customer on credit_note (customer_id, issue_date);
