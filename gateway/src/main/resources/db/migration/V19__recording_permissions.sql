-- Issue #19 item 3: permissions for recordings (V2 closed training sessions, V3 showing outside), the cause of a
-- recording's end (V5) and the copy of a conversation recording for the other party (V8).
-- recording_permission: a request of the maker. kind 'training-session' (V2: the owner's consent lets the named
-- members of the holder view it in that session) or 'showing' (V3: outside the closed setting; needs the owner's
-- and every depicted family's consent). members: account names, one per line (training-session only).
create table recording_permission (
  id             varchar(36)   primary key,
  recording_id   varchar(36)   not null references recording (id),
  kind           varchar(32)   not null,
  title          varchar(200)  not null,
  occasion       date          not null,
  members        varchar(2000) not null,
  requested_by   varchar(64)   not null,
  requested_at   timestamp     not null
);
create index recording_permission_recording on recording_permission (recording_id);
-- One row per answer, never updated: a person's latest answer decides (O4). party: 'owner' or the BSN of the
-- depicted family's youth; person_ref: the person who answered (RelatedPerson/…, Patient/…, Practitioner/…).
create table recording_permission_answer (
  id             varchar(36)   primary key,
  permission_id  varchar(36)   not null references recording_permission (id),
  person_ref     varchar(128)  not null,
  answered_by    varchar(64)   not null,
  consents       boolean       not null,
  answered_at    timestamp     not null
);
create index recording_permission_answer_permission on recording_permission_answer (permission_id, answered_at);
-- depicted family answers are found by the family's youth: one row per (permission, depicted youth).
create table recording_permission_party (
  id             varchar(36)   primary key,
  permission_id  varchar(36)   not null references recording_permission (id),
  youth_bsn      varchar(9)    not null,
  constraint recording_permission_party_once unique (permission_id, youth_bsn)
);
create index recording_permission_party_youth on recording_permission_party (youth_bsn);
-- V5: why a recording ended: trajectory-end (the sweep), purpose-ended ($end by the maker) or consent-withdrawn
-- (the owner in the portal). V8: when the other party asked for a copy of a conversation recording, once.
alter table recording add column end_cause varchar(32);
alter table recording add column copy_requested_at timestamp;
alter table recording add column copy_requested_by varchar(64);
