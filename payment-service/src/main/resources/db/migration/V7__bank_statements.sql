-- a bank statement file staff imported (camt.053 or MT940): the lines it brought are in bank_statement_line
create table bank_statement_import (
    id             uuid primary key,
    format         text        not null, -- CAMT053, MT940
    statement_id   text        not null, -- the statement's own id(s): camt Stmt/Id, MT940 :20:
    account        text        not null, -- the account(s) it is of: IBAN or the bank's account id
    line_count     int         not null, -- entries in the file
    new_line_count int         not null, -- of them, those no earlier import had brought
    imported_at    timestamptz not null,
    imported_by    text        not null
);
create index bank_statement_import_newest on bank_statement_import (imported_at desc, id);

-- an entry of a statement, once per account and bank reference however often its statement is imported; with the
-- invoice proposed for it, and what staff decided: CONFIRMED (then payment_id is the payment recorded for it) or IGNORED
create table bank_statement_line (
    id                  uuid primary key,
    import_id           uuid           not null references bank_statement_import (id),
    position            int            not null,
    account             text           not null,
    entry_reference     text           not null,
    booking_date        date           not null,
    value_date          date           not null,
    direction           text           not null, -- CREDIT, DEBIT
    amount              numeric(19, 4) not null check (amount > 0),
    currency            text           not null,
    remittance          text,
    payer_name          text,
    confidence          text           not null, -- EXACT, NUMBER, AMOUNT_AND_NAME, NONE
    reason              text           not null,
    proposed_invoice_id uuid,
    proposed_invoice_number text,
    proposed_customer_id uuid,
    status              text           not null, -- OPEN, CONFIRMED, IGNORED
    -- deferred: the payment is written by JPA at the commit, after this row is updated
    payment_id          uuid unique references payment (id) deferrable initially deferred,
    invoice_id          uuid,
    customer_id         uuid,
    decided_at          timestamptz,
    decided_by          text,
    unique (account, entry_reference),
    check ((status = 'CONFIRMED') = (payment_id is not null))
);
create index bank_statement_line_import on bank_statement_line (import_id, position);
