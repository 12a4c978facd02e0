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
-- The subject an OpenID Connect provider gives this person (the mapping table of the OIDC login): unique.
alter table account add column oidc_subject varchar(255);
create unique index account_oidc_subject on account (oidc_subject);

-- Families get in (issue #18, item 5): a single-use activation code, bound to one person at the source and the
-- youth's BSN (from a notice to that person), expiring; sent as a link in the first notice e-mail, or made by a
-- professional and handed over. Only the code's SHA-256 hash is stored.
create table family_activation (
  code_hash  varchar(64)  primary key,
  notice_id  varchar(36)  not null,
  person_ref varchar(128) not null,
  youth_bsn  varchar(9)   not null,
  channel    varchar(8)   not null,
  created_by varchar(64)  not null,
  created_at timestamp    not null,
  expires_at timestamp    not null,
  used_at    timestamp,
  username   varchar(64),
  constraint family_activation_channel check (channel in ('email', 'code'))
);
create index family_activation_person on family_activation (person_ref, youth_bsn);
