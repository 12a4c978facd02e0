-- Jeugdpoort schema, version 1. Portable between H2 and PostgreSQL; ${clob} is clob on H2, text on PostgreSQL.

create table organisation (
  id            varchar(64)  primary key,
  name          varchar(200) not null,
  kind          varchar(64)  not null,
  fhir_base_url varchar(500)
);

create table account (
  username        varchar(64)  primary key,
  password_hash   varchar(255) not null,
  display_name    varchar(200) not null,
  role            varchar(64)  not null,
  organisation_id varchar(64)  references organisation (id),
  person_ref      varchar(128),
  youth_bsn       varchar(9)
);

create table data_request (
  id                        varchar(36)   primary key,
  version                   bigint        not null,
  created_at                timestamp     not null,
  updated_at                timestamp     not null,
  requester_username        varchar(64)   not null,
  requester_name            varchar(200)  not null,
  requester_role            varchar(64)   not null,
  requester_org             varchar(64)   not null,
  youth_bsn                 varchar(9)    not null,
  source_org                varchar(64)   not null,
  purpose                   varchar(64)   not null,
  explanation               varchar(4000) not null,
  categories                varchar(1000) not null,
  legal_basis               varchar(32),
  motivation                varchar(4000),
  delayed_notice_motivation varchar(4000),
  status                    varchar(32)   not null,
  business_status           varchar(64)   not null,
  status_reason             varchar(4000),
  decision_json             ${clob},
  release_id                varchar(36),
  hold_until                timestamp,
  notice_delivered_at       timestamp,
  review_required           boolean       not null
);
create index data_request_youth on data_request (youth_bsn);
create index data_request_requester on data_request (requester_org);

create table notice (
  id                 varchar(36)  primary key,
  request_id         varchar(36)  not null references data_request (id),
  recipient_ref      varchar(200) not null,
  recipient_name     varchar(200),
  recipient_relation varchar(32)  not null,
  timing             varchar(16)  not null,
  channel            varchar(32)  not null,
  status             varchar(32)  not null,
  text               ${clob}      not null,
  created_at         timestamp    not null,
  delivered_at       timestamp,
  deadline           timestamp
);
create index notice_request on notice (request_id);

create table release_record (
  id             varchar(36) primary key,
  request_id     varchar(36) not null references data_request (id),
  created_at     timestamp   not null,
  retention_end  timestamp   not null,
  item_count     integer     not null,
  withheld_count integer     not null,
  bundle_json    ${clob}     not null
);
create index release_request on release_record (request_id);

-- A1/A2: append-only, hash-chained. seq is assigned by the writer; its uniqueness prevents forks.
create table audit_entry (
  seq                   bigint        primary key,
  id                    varchar(36)   not null unique,
  recorded_at           timestamp     not null,
  action                char(1)       not null,
  event_type            varchar(64)   not null,
  outcome               varchar(16)   not null,
  actor_username        varchar(64),
  actor_role            varchar(64),
  actor_org             varchar(64),
  on_behalf_of          varchar(200),
  access_point          varchar(100),
  youth_bsn             varchar(9),
  request_id            varchar(36),
  purpose               varchar(64),
  legal_basis           varchar(32),
  data_description      varchar(1000),
  rule_ids              varchar(500),
  detail                varchar(4000),
  control_authorised    varchar(8),
  control_care_relation varchar(8),
  control_consent       varchar(8),
  control_override      varchar(8),
  prev_hash             varchar(64)   not null,
  hash                  varchar(64)   not null
);
create index audit_request on audit_entry (request_id);
create index audit_youth on audit_entry (youth_bsn);
