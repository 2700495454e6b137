-- contact data kept from billing events, so messages can reach customers without calling billing-service
create table customer_contact (
    customer_id uuid primary key,
    name        text        not null,
    email       text        not null,
    phone       text,
    language    text        not null,
    time_zone   text        not null,
    updated_at  timestamptz not null
);

-- editable message templates per kind, language and channel; {placeholders} are filled per message
create table message_template (
    code     text not null,
    language text not null,
    channel  text not null,
    subject  text not null,
    body     text not null,
    primary key (code, language, channel)
);

-- every message by any channel: the customer's communication history
create table notification (
    id             uuid primary key,
    customer_id    uuid        not null,
    channel        text        not null,
    template       text        not null,
    recipient      text        not null,
    subject        text        not null,
    body           text        not null,
    cause_event_id text        not null,
    status         text        not null,
    attempts       int         not null default 0,
    last_error     text,
    created_at     timestamptz not null,
    sent_at        timestamptz,
    unique (cause_event_id, channel)
);
create index notification_customer on notification (customer_id, created_at desc);
create index notification_pending on notification (created_at) where status = 'PENDING';

insert into message_template (code, language, channel, subject, body) values
('invoice-issued', 'tr', 'EMAIL', 'Faturanız {number} düzenlendi',
'Sayın {name},

{number} numaralı faturanız düzenlenmiştir.
Fatura tarihi: {issueDate}
Son ödeme tarihi: {dueDate}
Tutar: {total} {currency}

Faturayı görüntülemek için: {link}

Teşekkür ederiz.'),
('invoice-issued', 'en', 'EMAIL', 'Your invoice {number}',
'Dear {name},

your invoice {number} has been issued.
Invoice date: {issueDate}
Due date: {dueDate}
Amount: {total} {currency}

View the invoice: {link}

Thank you.'),
('invoice-issued', 'hu', 'EMAIL', 'Számla kiállítva: {number}',
'Tisztelt {name}!

Kiállítottuk a(z) {number} számú számláját.
Számla kelte: {issueDate}
Fizetési határidő: {dueDate}
Összeg: {total} {currency}

A számla megtekintése: {link}

Köszönjük!'),
('invoice-issued', 'tr', 'PANEL', 'Yeni fatura {number}', '{number} numaralı fatura düzenlendi: {total} {currency}, son ödeme {dueDate}.'),
('invoice-issued', 'en', 'PANEL', 'New invoice {number}', 'Invoice {number} issued: {total} {currency}, due {dueDate}.'),
('invoice-issued', 'hu', 'PANEL', 'Új számla: {number}', 'Kiállított számla {number}: {total} {currency}, határidő {dueDate}.');
