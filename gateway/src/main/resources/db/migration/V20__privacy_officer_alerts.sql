-- E-mail alerts to privacy officers (issue #19): an overdue erasure request (E2) and a registered breach (B1)
-- are e-mailed to the privacy officers of the organisations concerned and to the gateway's own privacy officer
-- (jeugdpoort.privacy-officer.email). An outbox like notice_delivery: written in the transaction that raises the
-- alert, claimed with a lease, sent once; one row per alert and address (the unique key keeps it once).
create table officer_alert (
  id              varchar(36)   primary key,
  kind            varchar(40)   not null,
  cause_ref       varchar(80)   not null,
  organisation_id varchar(64),
  address         varchar(320)  not null,
  rule_ids        varchar(40)   not null,
  subject         varchar(200)  not null,
  body            varchar(4000) not null,
  created_at      timestamp     not null,
  status          varchar(16)   not null,
  attempts        integer       not null,
  next_attempt_at timestamp     not null,
  lease_owner     varchar(100),
  lease_until     timestamp,
  last_error      varchar(1000),
  sent_at         timestamp,
  constraint officer_alert_once unique (kind, cause_ref, address)
);
create index officer_alert_due on officer_alert (status, next_attempt_at);
