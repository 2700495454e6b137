-- a card no longer charged (the customer removed it, a newer one replaced it, a hard decline blocked it) is deleted at
-- its provider too, so the provider keeps no authorisation nobody uses: when that was done, or the provider's reason
-- for refusing it (then it is not asked again), and when it was last asked (the least recently asked go first)
alter table saved_card add column deleted_at_provider timestamptz;
alter table saved_card add column provider_deletion_refused text;
alter table saved_card add column provider_deletion_asked_at timestamptz;
create index saved_card_to_delete on saved_card (provider_deletion_asked_at nulls first, ended_at, id)
    where status <> 'ACTIVE' and deleted_at_provider is null and provider_deletion_refused is null;

-- the sandbox deletes a saved card as a provider does: it is never charged again (its charges stay on record)
alter table sandbox_card add column deleted_at timestamptz;
