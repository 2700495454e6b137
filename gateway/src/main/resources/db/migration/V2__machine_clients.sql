-- machine clients an ADMIN registers in the UI or by API (those in configuration stay there); secrets as the
-- delegating encoder writes them ({bcrypt}...), shown once when made
create table machine_client (
    client_id   text primary key,
    secret_hash text        not null,
    roles       text[]      not null,
    enabled     boolean     not null default true,
    created_by  text        not null,
    created_at  timestamptz not null,
    updated_at  timestamptz not null
);
