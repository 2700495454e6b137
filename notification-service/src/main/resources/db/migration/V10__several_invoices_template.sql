-- one reminder about several invoices of a customer due the same day: {invoices} lists them, one per line, each with its
-- open amount, due date and link; {count} says how many. WhatsApp parameters are one line each: {invoiceNumbers}
insert into message_template (code, language, channel, subject, body) values
('reminder-several', 'tr', 'EMAIL', 'Hatırlatma: {count} fatura',
'Sayın {name},

aşağıdaki {count} faturanızın ödemesini hatırlatmak isteriz:

{invoices}

Ödemeyi yaptıysanız bu mesajı dikkate almayınız.

Teşekkür ederiz.'),
('reminder-several', 'en', 'EMAIL', 'Reminder: {count} invoices',
'Dear {name},

a reminder about these {count} invoices:

{invoices}

If you have already paid, please ignore this message.

Thank you.'),
('reminder-several', 'hu', 'EMAIL', 'Emlékeztető: {count} számla',
'Tisztelt {name}!

Emlékeztetjük az alábbi {count} számla fizetésére:

{invoices}

Ha már fizetett, kérjük, tekintse tárgytalannak ezt az üzenetet.

Köszönjük.'),
('reminder-several', 'tr', 'SMS', 'Hatırlatma {count} fatura', E'Sayın {name}, {count} faturanızın ödemesi bekleniyor:\n{invoices}'),
('reminder-several', 'en', 'SMS', 'Reminder {count} invoices', E'Dear {name}, {count} invoices are due:\n{invoices}'),
('reminder-several', 'hu', 'SMS', 'Emlékeztető {count} számla', E'Tisztelt {name}! {count} számla esedékes:\n{invoices}'),
('reminder-several', 'tr', 'WHATSAPP', 'payment_reminder_several', E'{name}\n{count}\n{invoiceNumbers}\n{link}'),
('reminder-several', 'en', 'WHATSAPP', 'payment_reminder_several', E'{name}\n{count}\n{invoiceNumbers}\n{link}'),
('reminder-several', 'hu', 'WHATSAPP', 'payment_reminder_several', E'{name}\n{count}\n{invoiceNumbers}\n{link}');
insert into message_template_version (code, language, channel, version, subject, body, updated_by, updated_at)
select code, language, channel, version, subject, body, updated_by, updated_at from message_template
where code = 'reminder-several';
