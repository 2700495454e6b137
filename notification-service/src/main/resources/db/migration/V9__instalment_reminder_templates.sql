-- the reminder (by email) of one instalment of a payment plan: {dueDate} is the instalment's date, {openAmount} what is left of it
insert into message_template (code, language, channel, subject, body) values
('reminder-instalment', 'tr', 'EMAIL', 'Taksit hatırlatması: {number}',
'Sayın {name},

{number} numaralı faturanızın ödeme planındaki taksitin son ödeme tarihi {dueDate}: {openAmount} {currency}.
Ödemeyi yaptıysanız bu mesajı dikkate almayınız.

Fatura: {link}

Teşekkür ederiz.'),
('reminder-instalment', 'en', 'EMAIL', 'Instalment due: invoice {number}',
'Dear {name},

the instalment of your payment plan for invoice {number} is due on {dueDate}: {openAmount} {currency}.
If you have already paid, please ignore this message.

Invoice: {link}

Thank you.'),
('reminder-instalment', 'hu', 'EMAIL', 'Esedékes részlet: {number}',
'Tisztelt {name}!

A(z) {number} számla részletfizetési tervének részlete {dueDate} napon esedékes: {openAmount} {currency}.
Ha már fizetett, kérjük, tekintse tárgytalannak ezt az üzenetet.

Számla: {link}

Köszönjük.');
insert into message_template_version (code, language, channel, version, subject, body, updated_by, updated_at)
select code, language, channel, version, subject, body, updated_by, updated_at from message_template
where code = 'reminder-instalment';
