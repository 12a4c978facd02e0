-- Consents (C1–C4) and objections (O1–O4) registered by family members. Never deleted: withdrawal sets
-- withdrawn_at (C3, O3), so the record stays visible to the family and to the audit.
create table consent_record (
  id                  varchar(36)   primary key,
  kind                varchar(16)   not null,
  youth_bsn           varchar(9)    not null,
  given_by            varchar(128)  not null,
  given_by_username   varchar(64)   not null,
  recipient_org       varchar(64),
  purpose             varchar(64),
  categories          varchar(1000),
  information_version varchar(500),
  act                 varchar(32)   not null,
  period_start        timestamp     not null,
  period_end          timestamp,
  withdrawn_at        timestamp,
  created_at          timestamp     not null
);
create index consent_record_youth on consent_record (youth_bsn);
