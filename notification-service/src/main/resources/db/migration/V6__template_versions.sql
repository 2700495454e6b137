-- every edit of a template is a new version; message_template holds the current one, message_template_version all of
-- them, and each message records the version it was written from
alter table message_template add column version int not null default 1;
alter table message_template add column updated_by text not null default 'system';
alter table message_template add column updated_at timestamptz not null default now();
create table message_template_version (
    code       text        not null,
    language   text        not null,
    channel    text        not null,
    version    int         not null,
    subject    text        not null,
    body       text        not null,
    updated_by text        not null,
    updated_at timestamptz not null,
    primary key (code, language, channel, version)
);
insert into message_template_version (code, language, channel, version, subject, body, updated_by, updated_at)
select code, language, channel, version, subject, body, updated_by, updated_at from message_template;
alter table notification add column template_version int;
