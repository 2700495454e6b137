-- SMS and WhatsApp go out through providers: each message sent records which provider took it and the provider's id
-- for it, so that the provider's delivery reports (webhooks) find it; delivery_status is the last report
-- (SENT, DELIVERED, READ, UNDELIVERED or FAILED as the provider says), delivered_at when it was DELIVERED or READ
alter table notification add column provider text;
alter table notification add column provider_message_id text;
alter table notification add column delivery_status text;
alter table notification add column delivery_error text;
alter table notification add column delivered_at timestamptz;
create unique index notification_provider_message on notification (provider, provider_message_id) where provider_message_id is not null;

-- the reminders by SMS: the subject is the label the history shows (an SMS has none), the body is the text sent.
-- WhatsApp sends only templates the provider approved: the subject is that template's name at WhatsApp, and each line
-- of the body is one of its parameters, {{1}}, {{2}}, ... in order
insert into message_template (code, language, channel, subject, body) values
('reminder-friendly', 'tr', 'SMS', 'Hatırlatma {number}', 'Sayın {name}, {number} numaralı faturanızın son ödeme tarihi {dueDate}. Açık tutar: {openAmount} {currency}. Fatura: {link}'),
('reminder-friendly', 'en', 'SMS', 'Reminder {number}', 'Dear {name}, invoice {number} is due on {dueDate}. Open amount: {openAmount} {currency}. Invoice: {link}'),
('reminder-friendly', 'hu', 'SMS', 'Emlékeztető {number}', 'Tisztelt {name}! A(z) {number} számla határideje {dueDate}. Nyitott összeg: {openAmount} {currency}. Számla: {link}'),
('reminder-firm', 'tr', 'SMS', 'Vadesi geçmiş {number}', 'Sayın {name}, {number} numaralı faturanızın vadesi ({dueDate}) geçti. Açık tutar: {openAmount} {currency}. Lütfen ödeyiniz: {link}'),
('reminder-firm', 'en', 'SMS', 'Overdue {number}', 'Dear {name}, invoice {number} was due on {dueDate}. Open amount: {openAmount} {currency}. Please pay: {link}'),
('reminder-firm', 'hu', 'SMS', 'Lejárt {number}', 'Tisztelt {name}! A(z) {number} számla határideje ({dueDate}) lejárt. Nyitott összeg: {openAmount} {currency}. Kérjük, fizessen: {link}'),
('reminder-final', 'tr', 'SMS', 'Son hatırlatma {number}', 'Sayın {name}, {number} numaralı fatura için son hatırlatmadır. Açık tutar: {openAmount} {currency}, vade {dueDate}. {link}'),
('reminder-final', 'en', 'SMS', 'Final reminder {number}', 'Dear {name}, final reminder for invoice {number}, due {dueDate}. Open amount: {openAmount} {currency}. {link}'),
('reminder-final', 'hu', 'SMS', 'Utolsó felszólítás {number}', 'Tisztelt {name}! Utolsó felszólítás: {number} számla, határidő {dueDate}. Nyitott összeg: {openAmount} {currency}. {link}'),
('reminder-friendly', 'tr', 'WHATSAPP', 'payment_reminder_friendly', E'{name}\n{number}\n{dueDate}\n{openAmount} {currency}\n{link}'),
('reminder-friendly', 'en', 'WHATSAPP', 'payment_reminder_friendly', E'{name}\n{number}\n{dueDate}\n{openAmount} {currency}\n{link}'),
('reminder-friendly', 'hu', 'WHATSAPP', 'payment_reminder_friendly', E'{name}\n{number}\n{dueDate}\n{openAmount} {currency}\n{link}'),
('reminder-firm', 'tr', 'WHATSAPP', 'payment_reminder_firm', E'{name}\n{number}\n{dueDate}\n{openAmount} {currency}\n{link}'),
('reminder-firm', 'en', 'WHATSAPP', 'payment_reminder_firm', E'{name}\n{number}\n{dueDate}\n{openAmount} {currency}\n{link}'),
('reminder-firm', 'hu', 'WHATSAPP', 'payment_reminder_firm', E'{name}\n{number}\n{dueDate}\n{openAmount} {currency}\n{link}'),
('reminder-final', 'tr', 'WHATSAPP', 'payment_reminder_final', E'{name}\n{number}\n{dueDate}\n{openAmount} {currency}\n{link}'),
('reminder-final', 'en', 'WHATSAPP', 'payment_reminder_final', E'{name}\n{number}\n{dueDate}\n{openAmount} {currency}\n{link}'),
('reminder-final', 'hu', 'WHATSAPP', 'payment_reminder_final', E'{name}\n{number}\n{dueDate}\n{openAmount} {currency}\n{link}');
insert into message_template_version (code, language, channel, version, subject, body, updated_by, updated_at)
select code, language, channel, version, subject, body, updated_by, updated_at from message_template
where channel in ('SMS', 'WHATSAPP');
