-- Issue #19 item 3: the registry of recordings (V1, V2, V5, V6). A holding organisation's system or professional
-- registers a recording it holds (FHIR DocumentReference, profile jp-recording); the gateway keeps its metadata,
-- never the video itself.
-- source_id: the recording's id at the holder (the DocumentReference id its FHIR endpoint serves); one row per
-- recording per holder. owner_ref: V1, checked at registration. depicted_families: one id per line (V3).
-- ended_at: set exactly once by the V5 sweep (a conditional update on this row) when the trajectory ended;
-- erase_original_at: when the holder was asked to erase the original (null when the owner agreed to keep it).
create table recording (
  id                 varchar(36)   primary key,
  source_org         varchar(64)   not null,
  source_id          varchar(64)   not null,
  youth_bsn          varchar(9)    not null,
  kind               varchar(32)   not null,
  owner_ref          varchar(128)  not null,
  maker              varchar(64)   not null,
  depicted_families  varchar(2000) not null,
  registered_hash    varchar(128)  not null,
  current_hash       varchar(128),
  edit_announced     boolean       not null,
  announcement       varchar(2000),
  trajectory_end     date,
  original_kept      boolean       not null,
  description        varchar(500),
  registered_by      varchar(64)   not null,
  registered_at      timestamp     not null,
  updated_at         timestamp     not null,
  ended_at           timestamp,
  erase_original_at  timestamp,
  constraint recording_at_source unique (source_org, source_id)
);
create index recording_youth on recording (youth_bsn);
create index recording_open_end on recording (ended_at, trajectory_end);
