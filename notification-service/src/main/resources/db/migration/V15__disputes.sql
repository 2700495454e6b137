-- the invoice a message is about (NotificationSent.invoiceId): the invoice email's delivery starts the 8-day objection
-- window of TTK 21/2 in dispute-service
alter table notification add column invoice_id uuid;
-- the emails written before that attach an invoice's document are about that invoice
update notification n set invoice_id = a.invoice_id from message_attachment a where a.notification_id = n.id;

-- an invoice's own PDF is kept while the invoice is open (a disputing customer may ask for a copy), other documents a week
alter table invoice_document add column kept_until timestamptz;
update invoice_document set kept_until = received_at + interval '7 days';
alter table invoice_document alter column kept_until set not null;
create index invoice_document_kept on invoice_document (kept_until);

-- the numbers of the invoices issued, for messages about an invoice whose event names only its id (disputes)
create table invoice_number (
    invoice_id  uuid primary key,
    customer_id uuid not null,
    number      text not null
);

-- disputes (dispute.events): the customer's acknowledgement, staff replies, the copy of the invoice asked for and the
-- outcome, by email and on the panel; customers' messages and withdrawals on the staff panel
insert into message_template (code, language, channel, subject, body) values
('dispute-opened', 'tr', 'EMAIL', 'İtirazınız alındı: {number}',
'Sayın {name},

{number} numaralı faturaya itirazınızı aldık (neden: {reason}; itiraz edilen: {disputed}). İnceleyip en geç {respondBy} tarihine kadar size yanıt vereceğiz.
Bu süre içinde bu fatura için ödeme hatırlatması göndermiyoruz.
İtirazınızı buradan takip edebilir ve bize yazabilirsiniz: {disputeLink}
Fatura: {link}

Teşekkür ederiz.'),
('dispute-opened', 'en', 'EMAIL', 'We received your objection: invoice {number}',
'Dear {name},

we received your objection to invoice {number} (reason: {reason}; disputed: {disputed}). We will look into it and answer you by {respondBy}.
Meanwhile we send no payment reminders for this invoice.
Follow your objection and write to us here: {disputeLink}
Invoice: {link}

Thank you.'),
('dispute-opened', 'hu', 'EMAIL', 'Kifogását megkaptuk: {number}',
'Tisztelt {name}!

Megkaptuk a(z) {number} számlával kapcsolatos kifogását (ok: {reason}; kifogásolt: {disputed}). Megvizsgáljuk, és legkésőbb {respondBy} napon válaszolunk.
Addig erről a számláról nem küldünk fizetési emlékeztetőt.
Kifogását itt követheti, és itt írhat nekünk: {disputeLink}
Számla: {link}

Köszönjük!'),
('dispute-opened', 'tr', 'PANEL', 'İtiraz alındı: {number}', '{number} numaralı faturaya itirazınız alındı ({disputed}). Hatırlatmalar durduruldu; yanıt en geç {respondBy}.'),
('dispute-opened', 'en', 'PANEL', 'Objection received: {number}', 'Your objection to invoice {number} was received ({disputed}). Reminders are paused; we answer by {respondBy}.'),
('dispute-opened', 'hu', 'PANEL', 'Kifogás beérkezett: {number}', 'A(z) {number} számlára vonatkozó kifogása beérkezett ({disputed}). Az emlékeztetők szünetelnek; válasz legkésőbb {respondBy}.'),

('dispute-message', 'tr', 'EMAIL', 'İtirazınıza yanıt: {number}',
'Sayın {name},

{number} numaralı faturaya itirazınızla ilgili {author} yazdı:

{message}{attachments}

Yanıtınızı buradan yazabilirsiniz: {disputeLink}
Fatura: {link}'),
('dispute-message', 'en', 'EMAIL', 'Reply to your objection: invoice {number}',
'Dear {name},

{author} wrote about your objection to invoice {number}:

{message}{attachments}

You can answer here: {disputeLink}
Invoice: {link}'),
('dispute-message', 'hu', 'EMAIL', 'Válasz kifogására: {number}',
'Tisztelt {name}!

{author} írt a(z) {number} számlával kapcsolatos kifogásáról:

{message}{attachments}

Válaszát itt írhatja meg: {disputeLink}
Számla: {link}'),
('dispute-message', 'tr', 'PANEL', 'İtirazınıza yanıt: {number}', '{author}: {message}{attachments}'),
('dispute-message', 'en', 'PANEL', 'Reply to your objection: {number}', '{author}: {message}{attachments}'),
('dispute-message', 'hu', 'PANEL', 'Válasz kifogására: {number}', '{author}: {message}{attachments}'),

('dispute-customer-message', 'tr', 'STAFF', 'Müşteri itiraza yazdı: {name}, {number}', '{author}: {message}{attachments}
İtiraz: {link}'),
('dispute-customer-message', 'en', 'STAFF', 'Customer wrote in a dispute: {name}, {number}', '{author}: {message}{attachments}
Dispute: {link}'),
('dispute-customer-message', 'hu', 'STAFF', 'Az ügyfél írt egy vitában: {name}, {number}', '{author}: {message}{attachments}
Vita: {link}'),

('invoice-copy', 'tr', 'EMAIL', 'Fatura kopyası: {number}',
'Sayın {name},

istediğiniz {number} numaralı faturanın kopyası ektedir.
Fatura: {link}
Online ödeme: {paymentLink}

Teşekkür ederiz.'),
('invoice-copy', 'en', 'EMAIL', 'Copy of invoice {number}',
'Dear {name},

attached is the copy of invoice {number} you asked for.
Invoice: {link}
Pay online: {paymentLink}

Thank you.'),
('invoice-copy', 'hu', 'EMAIL', 'Számla másolata: {number}',
'Tisztelt {name}!

Mellékelten küldjük a kért {number} számla másolatát.
Számla: {link}
Online fizetés: {paymentLink}

Köszönjük!'),

('dispute-resolved', 'tr', 'EMAIL', 'İtirazınız sonuçlandı: {number}',
'Sayın {name},

{number} numaralı faturaya itirazınız sonuçlandı: {outcome}.

{resolution}

Fatura: {link}

Teşekkür ederiz.'),
('dispute-resolved', 'en', 'EMAIL', 'Your objection was decided: invoice {number}',
'Dear {name},

your objection to invoice {number} was decided: {outcome}.

{resolution}

Invoice: {link}

Thank you.'),
('dispute-resolved', 'hu', 'EMAIL', 'Kifogását elbíráltuk: {number}',
'Tisztelt {name}!

A(z) {number} számlával kapcsolatos kifogását elbíráltuk: {outcome}.

{resolution}

Számla: {link}

Köszönjük!'),
('dispute-resolved', 'tr', 'PANEL', 'İtiraz sonuçlandı: {number}', '{outcome}. {resolution}'),
('dispute-resolved', 'en', 'PANEL', 'Objection decided: {number}', '{outcome}. {resolution}'),
('dispute-resolved', 'hu', 'PANEL', 'Kifogás elbírálva: {number}', '{outcome}. {resolution}'),

('dispute-withdrawn', 'tr', 'STAFF', 'Müşteri itirazını geri çekti: {name}, {number}', '{reason}
İtiraz: {link}'),
('dispute-withdrawn', 'en', 'STAFF', 'Customer withdrew a dispute: {name}, {number}', '{reason}
Dispute: {link}'),
('dispute-withdrawn', 'hu', 'STAFF', 'Az ügyfél visszavonta a kifogását: {name}, {number}', '{reason}
Vita: {link}');

insert into message_template_version (code, language, channel, version, subject, body, updated_by, updated_at)
select code, language, channel, version, subject, body, updated_by, updated_at from message_template
where code in ('dispute-opened', 'dispute-message', 'dispute-customer-message', 'invoice-copy', 'dispute-resolved', 'dispute-withdrawn');
