-- a payment plan splits an invoice's open amount into instalments; while it is ACTIVE the policy's steps hold and each
-- instalment is reminded on its own date instead. COMPLETED: everything was paid; BROKEN: an instalment was missed
-- (a task opened and the policy's steps go on); CANCELLED: the invoice was cancelled, or staff ended the plan
create table payment_plan (
    id          uuid primary key,
    invoice_id  uuid           not null references receivable (invoice_id),
    customer_id uuid           not null,
    currency    char(3)        not null,
    -- the open amount when the plan began: what the instalments add up to
    total       numeric(19, 4) not null,
    frequency   text           not null,
    status      text           not null,
    ended_reason text,
    created_by  text           not null,
    created_at  timestamptz    not null,
    updated_at  timestamptz    not null
);
create unique index payment_plan_active on payment_plan (invoice_id) where status = 'ACTIVE';

create table instalment (
    plan_id     uuid           not null references payment_plan (id),
    position    int            not null,
    due_on      date           not null,
    amount      numeric(19, 4) not null,
    -- PLANNED, REMINDED (its reminder went out), MET (paid), MISSED
    status      text           not null,
    reminded_at timestamptz,
    primary key (plan_id, position)
);
create index instalment_due on instalment (due_on) where status in ('PLANNED', 'REMINDED');
