-- Issue #15 (1, 2, 3, 5) and #16.2: a data request is a work item in this table, claimed with a lease, so that
-- a request survives a crash and runs once across the members of a cluster (docs/operations.md).
--   due_at      when the request is to be worked on next; null while it waits for something else (its e-mail
--               notices) or is final
--   lease_owner the member (and JVM) working on it now; lease_until until when that claim holds
--   attempts    how often the request was claimed (passes through the route)
alter table data_request add column due_at timestamp;
alter table data_request add column lease_owner varchar(100);
alter table data_request add column lease_until timestamp;
alter table data_request add column attempts integer default 0 not null;
-- #16.2: the client's Idempotency-Key of POST /fhir/Task; one request per key and requesting organisation.
alter table data_request add column idempotency_key varchar(200);

-- Requests left unfinished by an earlier version are due at once; held ones when their window ends.
update data_request set due_at = updated_at where business_status in ('RECEIVED', 'WAITING_FOR_NOTICE', 'FETCHING');
update data_request set due_at = hold_until where business_status = 'HELD_OBJECTION_WINDOW';

create index data_request_due on data_request (due_at);
create unique index data_request_idempotency on data_request (requester_org, idempotency_key);

-- A release is written at most once per request (#15.1). P5 points a later request at an earlier release through
-- data_request.release_id; it writes no release_record of its own. (Fails on a database that already holds two
-- releases for one request: docs/operations.md tells how to find them.)
drop index release_request;
alter table release_record add constraint release_record_one_per_request unique (request_id);

-- The e-mail outbox: a due row is claimed with a lease before it goes to the SMTP server (#15.3).
alter table notice_delivery add column lease_owner varchar(100);
alter table notice_delivery add column lease_until timestamp;

-- #15.5: cluster state in the database. A client assertion id (jti) is used once: the key is a SHA-256 of client
-- id and jti; rows are removed after their expiry.
create table used_client_assertion (
  id         varchar(64) primary key,
  expires_at timestamp   not null
);
create index used_client_assertion_expiry on used_client_assertion (expires_at);

-- The gateway's token signing key (a private JWK): stored once, the first member to write it wins.
create table gateway_key (
  name       varchar(32)   primary key,
  jwk        varchar(4000) not null,
  created_at timestamp     not null
);
