-- the policy for customers of a payer profile (ON_TIME, FORGETFUL, CHRONIC_LATE, IN_DIFFICULTY) who have none of their
-- own: a friendly nudge for the forgetful, an early firm one for the chronically late, ...
create table profile_policy (
    profile    text primary key,
    policy_id  uuid        not null,
    updated_by text        not null,
    updated_at timestamptz not null
);
