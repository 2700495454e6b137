-- the staff who sign in to the UI; passwords as the delegating encoder writes them ({bcrypt}...)
create table staff_user (
    username      text primary key,
    display_name  text        not null,
    password_hash text        not null,
    roles         text[]      not null,
    enabled       boolean     not null default true,
    -- failed sign-ins in a row; at 5 the account is locked until locked_until and the count starts again
    failed_logins int         not null default 0,
    locked_until  timestamptz,
    created_at    timestamptz not null,
    updated_at    timestamptz not null
);
