-- Issue #19: E1 is deletion, E2 erasure requests at recipients, breaches (B1).

-- E1: at its retention end a release's bundle is deleted; the metadata stays (the family's timeline shows it).
-- E2: the recipient's access ends the moment an erasure request is sent.
alter table release_record alter column bundle_json drop not null;
alter table release_record add column erased_at timestamp;
alter table release_record add column access_ended_at timestamp;

-- E2: one erasure request per release, to its recipient: sent, confirmed (who, when, how), overdue alerted.
-- cause: what set it off (C3: the consent id; E1: the release id; V5: the recording id).
create table erasure_duty (
  id                 varchar(36)  primary key,
  release_id         varchar(36)  not null unique references release_record (id),
  request_id         varchar(36)  not null references data_request (id),
  youth_bsn          varchar(9)   not null,
  recipient_org      varchar(64)  not null,
  source_org         varchar(64)  not null,
  rule_id            varchar(8)   not null,
  cause              varchar(200) not null,
  sent_at            timestamp    not null,
  due_at             timestamp    not null,
  confirmed_at       timestamp,
  confirmed_by       varchar(64),
  confirmed_by_name  varchar(200),
  confirmed_via      varchar(16),
  overdue_alerted_at timestamp,
  family_told_at     timestamp
);
create index erasure_duty_recipient on erasure_duty (recipient_org);
create index erasure_duty_youth on erasure_duty (youth_bsn);

-- B1: a suspected breach, registered by a privacy officer; what it is about (an account or device, an
-- organisation, a period) and the 72-hour deadline for the authority (AVG art. 33).
create table breach (
  id                    varchar(36)   primary key,
  registered_at         timestamp     not null,
  registered_by         varchar(64)   not null,
  registered_org        varchar(64)   not null,
  discovered_at         timestamp     not null,
  kind                  varchar(32)   not null,
  description           varchar(4000) not null,
  scope_account         varchar(64),
  scope_org             varchar(64),
  period_start          timestamp     not null,
  period_end            timestamp     not null,
  authority_deadline    timestamp     not null,
  authority_reported_at timestamp,
  risk                  varchar(16),
  risk_assessment       varchar(4000),
  risk_assessed_at      timestamp,
  risk_assessed_by      varchar(64),
  families_informed_at  timestamp
);

-- B1: what the audit log yields for a breach: each release in scope, with its youth and organisations.
create table breach_affected (
  id            varchar(36)   primary key,
  breach_id     varchar(36)   not null references breach (id),
  youth_bsn     varchar(9)    not null,
  request_id    varchar(36),
  audit_seq     bigint        not null,
  recipient_org varchar(64),
  source_org    varchar(64),
  data          varchar(1000),
  released_at   timestamp     not null
);
create index breach_affected_breach on breach_affected (breach_id);
