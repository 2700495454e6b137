-- what a customer hears about an invoice after its issue: the receipt when it is paid (invoice-paid), its storno
-- (invoice-cancelled, with the storno document's link), and a credit note against it (credit-note-issued)
insert into message_template (code, language, channel, subject, body) values
('invoice-paid', 'tr', 'EMAIL', 'Ödemeniz alındı: {number}',
'Sayın {name},

{number} numaralı faturanızın ödemesi {paidDate} tarihinde alınmıştır: {total} {currency}.
Fatura: {link}

Teşekkür ederiz.'),
('invoice-paid', 'en', 'EMAIL', 'Payment received: invoice {number}',
'Dear {name},

we received the payment of invoice {number} on {paidDate}: {total} {currency}. The invoice is paid in full.
Invoice: {link}

Thank you.'),
('invoice-paid', 'hu', 'EMAIL', 'Befizetés megérkezett: {number}',
'Tisztelt {name}!

A(z) {number} számla kiegyenlítése {paidDate} napon megérkezett: {total} {currency}.
Számla: {link}

Köszönjük!'),
('invoice-paid', 'tr', 'PANEL', 'Ödendi: {number}', '{number} numaralı fatura ödendi: {total} {currency}, {paidDate}.'),
('invoice-paid', 'en', 'PANEL', 'Paid: {number}', 'Invoice {number} paid: {total} {currency} on {paidDate}.'),
('invoice-paid', 'hu', 'PANEL', 'Kiegyenlítve: {number}', 'A(z) {number} számla kiegyenlítve: {total} {currency}, {paidDate}.'),
('invoice-cancelled', 'tr', 'EMAIL', 'Fatura iptal edildi: {number}',
'Sayın {name},

{number} numaralı faturanız ({total} {currency}) {stornoNumber} numaralı iptal faturası ile iptal edilmiştir. {reason}
İptal belgesi: {link}

Teşekkür ederiz.'),
('invoice-cancelled', 'en', 'EMAIL', 'Invoice cancelled: {number}',
'Dear {name},

your invoice {number} ({total} {currency}) has been cancelled by the storno {stornoNumber}. {reason}
Storno document: {link}

Thank you.'),
('invoice-cancelled', 'hu', 'EMAIL', 'Számla sztornózva: {number}',
'Tisztelt {name}!

A(z) {number} számláját ({total} {currency}) a(z) {stornoNumber} sztornó számlával érvénytelenítettük. {reason}
Sztornó bizonylat: {link}

Köszönjük!'),
('invoice-cancelled', 'tr', 'PANEL', 'İptal: {number}', '{number} numaralı fatura {stornoNumber} ile iptal edildi.'),
('invoice-cancelled', 'en', 'PANEL', 'Cancelled: {number}', 'Invoice {number} cancelled by storno {stornoNumber}.'),
('invoice-cancelled', 'hu', 'PANEL', 'Sztornó: {number}', 'A(z) {number} számla sztornózva: {stornoNumber}.'),
('credit-note-issued', 'tr', 'EMAIL', 'Alacak dekontu {number}: {invoiceNumber}',
'Sayın {name},

{invoiceNumber} numaralı faturanız için {issueDate} tarihli {number} numaralı alacak dekontu düzenlenmiştir: {amount} {currency}.
Faturanın kalan tutarı: {openAmount} {currency}.
Fatura: {link}

Teşekkür ederiz.'),
('credit-note-issued', 'en', 'EMAIL', 'Credit note {number} for invoice {invoiceNumber}',
'Dear {name},

we issued the credit note {number} on {issueDate} for invoice {invoiceNumber}: {amount} {currency}.
The invoice now has {openAmount} {currency} open.
Invoice: {link}

Thank you.'),
('credit-note-issued', 'hu', 'EMAIL', 'Jóváírás {number}: {invoiceNumber}',
'Tisztelt {name}!

A(z) {invoiceNumber} számlához {issueDate} napon {number} számú jóváírást állítottunk ki: {amount} {currency}.
A számla nyitott összege: {openAmount} {currency}.
Számla: {link}

Köszönjük!'),
('credit-note-issued', 'tr', 'PANEL', 'Alacak dekontu {number}', '{invoiceNumber} için alacak dekontu: {amount} {currency}; kalan {openAmount} {currency}.'),
('credit-note-issued', 'en', 'PANEL', 'Credit note {number}', 'Credit note for {invoiceNumber}: {amount} {currency}; {openAmount} {currency} open.'),
('credit-note-issued', 'hu', 'PANEL', 'Jóváírás {number}', 'Jóváírás a(z) {invoiceNumber} számlához: {amount} {currency}; nyitott: {openAmount} {currency}.');
insert into message_template_version (code, language, channel, version, subject, body, updated_by, updated_at)
select code, language, channel, version, subject, body, updated_by, updated_at from message_template
where code in ('invoice-paid', 'invoice-cancelled', 'credit-note-issued');
