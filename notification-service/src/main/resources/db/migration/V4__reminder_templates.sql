-- the default dunning policy's reminders, by tone; placeholders {name}, {number}, {dueDate}, {openAmount}, {currency}, {link}
insert into message_template (code, language, channel, subject, body) values
('reminder-friendly', 'tr', 'EMAIL', 'Hatırlatma: {number} numaralı fatura',
'Sayın {name},

{number} numaralı faturanızın son ödeme tarihi {dueDate}. Açık tutar: {openAmount} {currency}.
Ödemeyi yaptıysanız bu mesajı dikkate almayınız.

Fatura: {link}

Teşekkür ederiz.'),
('reminder-friendly', 'en', 'EMAIL', 'Reminder: invoice {number}',
'Dear {name},

a friendly reminder that invoice {number} is due on {dueDate}. Open amount: {openAmount} {currency}.
If you have already paid, please ignore this message.

Invoice: {link}

Thank you.'),
('reminder-friendly', 'hu', 'EMAIL', 'Emlékeztető: {number} számla',
'Tisztelt {name}!

Emlékeztetjük, hogy a(z) {number} számla fizetési határideje {dueDate}. Nyitott összeg: {openAmount} {currency}.
Ha már fizetett, kérjük, tekintse tárgytalannak ezt az üzenetet.

Számla: {link}

Köszönjük.'),
('reminder-firm', 'tr', 'EMAIL', 'Vadesi geçmiş fatura: {number}',
'Sayın {name},

{number} numaralı faturanızın son ödeme tarihi ({dueDate}) geçmiştir. Açık tutar: {openAmount} {currency}.
Lütfen ödemeyi en kısa sürede yapınız.

Fatura: {link}'),
('reminder-firm', 'en', 'EMAIL', 'Overdue: invoice {number}',
'Dear {name},

invoice {number} was due on {dueDate} and is still open: {openAmount} {currency}.
Please pay it as soon as possible.

Invoice: {link}'),
('reminder-firm', 'hu', 'EMAIL', 'Lejárt számla: {number}',
'Tisztelt {name}!

A(z) {number} számla {dueDate} napján lejárt, és még nyitott: {openAmount} {currency}.
Kérjük, mielőbb egyenlítse ki.

Számla: {link}'),
('reminder-final', 'tr', 'EMAIL', 'Son hatırlatma: {number}',
'Sayın {name},

{number} numaralı fatura ({dueDate} vadeli, açık tutar {openAmount} {currency}) için bu son hatırlatmadır.
Ödeme yapılmazsa hesabınız tahsilat sürecine alınacaktır.

Fatura: {link}'),
('reminder-final', 'en', 'EMAIL', 'Final reminder: invoice {number}',
'Dear {name},

this is the final reminder for invoice {number} (due {dueDate}, open {openAmount} {currency}).
Without payment, the account goes to collection.

Invoice: {link}'),
('reminder-final', 'hu', 'EMAIL', 'Utolsó felszólítás: {number}',
'Tisztelt {name}!

Ez az utolsó felszólítás a(z) {number} számlára ({dueDate} lejáratú, nyitott összeg {openAmount} {currency}).
Fizetés hiányában a követelés behajtásra kerül.

Számla: {link}');
