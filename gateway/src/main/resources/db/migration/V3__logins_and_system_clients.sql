-- Lockout after repeated failed logins (issue #4): counted per account, reset by a successful login.
alter table account add column failed_logins integer default 0 not null;
alter table account add column locked_until timestamp;

-- Organisation systems (SMART Backend Services): one registered public key set per client, registered
-- by an administrator (an audited action). A client acts only for its own organisation, in one role,
-- within its scopes.
create table system_client (
  client_id       varchar(128)  primary key,
  organisation_id varchar(64)   not null references organisation (id),
  acting_role     varchar(64)   not null,
  scopes          varchar(1000) not null,
  jwks            ${clob}       not null,
  registered_by   varchar(64)   not null,
  registered_at   timestamp     not null,
  revoked_at      timestamp
);
create index system_client_org on system_client (organisation_id);
