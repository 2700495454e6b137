-- the staff panel (channel STAFF): what the collections team hears about, e.g. an opened collection task
create index notification_staff on notification (created_at desc) where channel = 'STAFF';

insert into message_template (code, language, channel, subject, body) values
('task-opened', 'tr', 'STAFF', 'Yeni tahsilat görevi: {name}', '{reason}
Görevler: {link}'),
('task-opened', 'en', 'STAFF', 'Collection task opened: {name}', '{reason}
Tasks: {link}'),
('task-opened', 'hu', 'STAFF', 'Új behajtási feladat: {name}', '{reason}
Feladatok: {link}');

insert into message_template_version (code, language, channel, version, subject, body, updated_by, updated_at)
select code, language, channel, version, subject, body, updated_by, updated_at from message_template
where code = 'task-opened';
