-- Issue #18: organisations and people are onboarded through the administration API and pages.
-- An organisation's real identifier (KvK, OIN, AGB or URA number, docs/onboarding.md), the contact details
-- of its privacy officer, and deactivation (the row stays, for the history that refers to it).
alter table organisation add column identifier_type       varchar(8);
alter table organisation add column identifier_value      varchar(32);
alter table organisation add column privacy_officer_name  varchar(200);
alter table organisation add column privacy_officer_email varchar(320);
alter table organisation add column privacy_officer_phone varchar(40);
alter table organisation add column deactivated_at        timestamp;
alter table organisation add constraint organisation_identifier_type
  check (identifier_type is null or identifier_type in ('kvk', 'oin', 'agb', 'ura'));

-- An account can be disabled (it stays, for the history); a password set by an administrator (new account,
-- reset) must be changed at the first login before anything else is allowed.
alter table account add column disabled_at          timestamp;
alter table account add column must_change_password boolean default false not null;
