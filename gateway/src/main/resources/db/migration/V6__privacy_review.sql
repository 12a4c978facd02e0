-- O2, S1, N2 (issue #5): the privacy officer's review of an override or delayed notice is recorded:
-- who reviewed it, when, and what they noted. One review per request and organisation (requester or source).
create table privacy_review (
  id              varchar(36)   primary key,
  request_id      varchar(36)   not null references data_request (id),
  organisation_id varchar(64)   not null,
  reviewed_by     varchar(64)   not null,
  reviewed_at     timestamp     not null,
  remark          varchar(4000),
  unique (request_id, organisation_id)
);
