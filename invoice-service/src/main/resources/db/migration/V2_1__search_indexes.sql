-- indexes for the saved filters and the usual sort (newest issue date first)
create index invoice_status_issue_date on invoice (status, issue_date desc);
create index invoice_overdue_unpaid on invoice (issue_date desc)
    where overdue_at is not null and status in ('ISSUED', 'PARTIALLY_PAID');
create index invoice_paid_at on invoice (paid_at) where status = 'PAID';
