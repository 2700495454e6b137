-- dunning policies, versioned: an edit is a new version; plans keep the version they were made from
create table dunning_policy (
    id               uuid        not null,
    version          int         not null,
    name             text        not null,
    is_default       boolean     not null default false,
    repeat_every_days int,
    repeat_max_times int,
    -- a step that falls on a Saturday or Sunday moves to the Monday after
    business_days_only boolean not null default false,
    -- messages go out only between these local times of the customer (both or neither)
    send_from        time,
    send_until       time,
    created_by       text        not null,
    created_at       timestamptz not null,
    primary key (id, version)
);

create table dunning_step (
    policy_id   uuid    not null,
    version     int     not null,
    position    int     not null,
    offset_days int     not null,
    channels    text[]  not null,
    template    text    not null,
    tone        text    not null,
    -- an escalation step opens a staff task (besides its messages, if it has channels)
    escalate    boolean not null,
    primary key (policy_id, version, position),
    foreign key (policy_id, version) references dunning_policy (id, version)
);

-- which policy a customer follows (none: the default), or that the customer gets no reminders
create table customer_dunning (
    customer_id uuid primary key,
    policy_id   uuid,
    excluded    boolean     not null default false,
    updated_by  text        not null,
    updated_at  timestamptz not null
);

-- what reminder-service knows of each invoice, from invoice.events and dispute.events in whatever order they come
create table receivable (
    invoice_id     uuid primary key,
    customer_id    uuid          not null,
    number         text,
    due_date       date,
    currency       char(3),
    open_amount    numeric(19, 4),
    time_zone      text,
    -- OPEN once issued; PAID or CANCELLED end it (also when they arrive before InvoiceIssued)
    state          text          not null,
    closed_reason  text,
    policy_id      uuid,
    policy_version int,
    round          int           not null default 0,
    -- paused by a dispute (DISPUTE) or by staff (STAFF): since when, and why
    paused_at      timestamptz,
    paused_by      text,
    pause_reason   text,
    disputes_open  int           not null default 0,
    -- a promise to pay holds the reminders until this date (in the customer's zone)
    promised_on    date,
    promised_amount numeric(19, 4),
    -- the payer's record: what was invoiced, when it closed, partial payments and broken promises
    issued_amount  numeric(19, 4),
    closed_at      timestamptz,
    partial_payments int         not null default 0,
    broken_promises int          not null default 0,
    updated_at     timestamptz   not null
);
-- what the scan starts from: the open invoices
create index receivable_open on receivable (invoice_id) where state = 'OPEN';
create index receivable_customer on receivable (customer_id) where state = 'OPEN';

-- the plan of an invoice: one row per step and channel (or the step's task), fired at most once
create table reminder_step (
    id          uuid primary key,
    invoice_id  uuid        not null references receivable (invoice_id),
    customer_id uuid        not null,
    -- a plan made again (the invoice reopened) is a new round
    round       int         not null,
    step        int         not null,
    channel     text        not null, -- EMAIL, SMS, WHATSAPP, or TASK for an escalation
    template    text        not null,
    tone        text        not null,
    due_on      date        not null,
    -- PLANNED, SENT, SKIPPED, CANCELLED
    status      text        not null,
    reason      text,
    fired_at    timestamptz,
    -- the customer's local date it fired on: at most one per invoice and channel a day
    fired_on    date,
    updated_at  timestamptz not null,
    unique (invoice_id, round, step, channel)
);
create index reminder_step_invoice on reminder_step (invoice_id, due_on);

create table collection_task (
    id          uuid primary key,
    customer_id uuid        not null,
    invoice_id  uuid        not null,
    reason      text        not null,
    next_action text        not null,
    assignee    text,
    -- OPEN, DONE (completed by staff), CLOSED (by itself: the invoice was paid or cancelled)
    status      text        not null,
    resolution  text,
    due_on      date        not null,
    opened_at   timestamptz not null,
    closed_at   timestamptz
);
create index collection_task_open on collection_task (status, due_on);
create index collection_task_invoice on collection_task (invoice_id) where status = 'OPEN';

create table collection_task_comment (
    id         uuid primary key,
    task_id    uuid        not null references collection_task (id),
    author     text        not null,
    text       text        not null,
    written_at timestamptz not null
);

-- the default policy: a friendly note 3 days before the due date, on it, firm 3 and 7 days after (the second also
-- opens a task), final after 14 days, then every 7 days at most 3 times
insert into dunning_policy (id, version, name, is_default, repeat_every_days, repeat_max_times, created_by, created_at)
values ('00000000-0000-0000-0000-00000000d001', 1, 'Default', true, 7, 3, 'system', now());
insert into dunning_step (policy_id, version, position, offset_days, channels, template, tone, escalate) values
    ('00000000-0000-0000-0000-00000000d001', 1, 0, -3, '{EMAIL}', 'reminder-friendly', 'FRIENDLY', false),
    ('00000000-0000-0000-0000-00000000d001', 1, 1, 0, '{EMAIL}', 'reminder-friendly', 'FRIENDLY', false),
    ('00000000-0000-0000-0000-00000000d001', 1, 2, 3, '{EMAIL}', 'reminder-firm', 'FIRM', false),
    ('00000000-0000-0000-0000-00000000d001', 1, 3, 7, '{EMAIL}', 'reminder-firm', 'FIRM', true),
    ('00000000-0000-0000-0000-00000000d001', 1, 4, 14, '{EMAIL}', 'reminder-final', 'FINAL', false);
