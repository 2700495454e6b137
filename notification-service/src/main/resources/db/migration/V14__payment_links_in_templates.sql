-- the invoice email and the reminders by email and SMS get the customer's payment page ({paymentLink}, the portal's
-- /p/ link): a line after the invoice's link in the emails, the link itself in place of the PDF's in the SMS. Only
-- templates nobody has edited (version 1, by the system) change, each as a new version.
create temporary table paying (code text, language text, channel text, body text);

insert into paying
select code, language, channel,
       regexp_replace(body, '(\{link\}[^\n]*)',
                      E'\\1\n' || case language when 'tr' then 'Online ödeme: ' when 'hu' then 'Online fizetés: ' else 'Pay online: ' end
                          || '{paymentLink}')
from message_template
where channel = 'EMAIL' and (code = 'invoice-issued' or code like 'reminder-%') and body like '%{link}%'
  and version = 1 and updated_by = 'system';

-- several invoices in one reminder: the page that pays them all, after the list
insert into paying
select code, language, channel,
       replace(body, '{invoices}', E'{invoices}\n\n'
           || case language when 'tr' then 'Hepsini online ödeyin: ' when 'hu' then 'Mindet fizesse online: ' else 'Pay them all online: ' end
           || '{paymentLink}')
from message_template
where channel = 'EMAIL' and code = 'reminder-several' and version = 1 and updated_by = 'system';

-- an SMS has room for one link: the payment page, labelled as such
insert into paying
select code, language, channel,
       replace(replace(replace(replace(body, 'Fatura: {link}', 'Ödeme: {link}'), 'Invoice: {link}', 'Pay: {link}'),
                       'Számla: {link}', 'Fizetés: {link}'), '{link}', '{paymentLink}')
from message_template
where channel = 'SMS' and code like 'reminder-%' and body like '%{link}%' and version = 1 and updated_by = 'system';

update message_template t set body = p.body, version = 2, updated_at = now()
from paying p where t.code = p.code and t.language = p.language and t.channel = p.channel;

insert into message_template_version (code, language, channel, version, subject, body, updated_by, updated_at)
select t.code, t.language, t.channel, t.version, t.subject, t.body, t.updated_by, t.updated_at
from message_template t join paying p on t.code = p.code and t.language = p.language and t.channel = p.channel;

drop table paying;
