-- who caused the event (the access token's subject and display name, or 'system'); the relay sends it as ce_actor / ce_actorname
alter table outbox_event add column actor text not null default 'system';
alter table outbox_event add column actor_name text not null default 'system';
