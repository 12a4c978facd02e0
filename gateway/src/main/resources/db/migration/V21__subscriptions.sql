-- FHIR Subscriptions (issue #16, item 3): a requester's system learns that its data request finished without
-- polling. One row per subscription (the R4 backport of topic-based subscriptions, rest-hook channel), and an
-- outbox of notifications like notice_delivery: a handshake when the subscription is made, then one
-- event-notification per finished request of the subscribing organisation, written in the transaction that moves
-- the request to its final status, claimed with a lease, posted to the endpoint; the unique key keeps one
-- notification per subscription and request. No personal data: the notifications name the Task only.
create table fhir_subscription (
  id                  varchar(36)   primary key,
  version             bigint        not null,
  organisation_id     varchar(64)   not null,
  created_by          varchar(64)   not null,
  topic               varchar(200)  not null,
  endpoint            varchar(2000) not null,
  headers             varchar(4000),
  payload_content     varchar(16)   not null,
  reason              varchar(500),
  status              varchar(16)   not null,
  error               varchar(1000),
  end_at              timestamp,
  events_since_start  bigint        not null,
  handshake_at        timestamp,
  created_at          timestamp     not null,
  updated_at          timestamp     not null
);
create index fhir_subscription_org on fhir_subscription (organisation_id, status);

create table subscription_notification (
  id              varchar(36)   primary key,
  subscription_id varchar(36)   not null references fhir_subscription (id),
  kind            varchar(20)   not null,
  request_id      varchar(36),
  event_number    bigint,
  created_at      timestamp     not null,
  status          varchar(16)   not null,
  attempts        integer       not null,
  next_attempt_at timestamp     not null,
  lease_owner     varchar(100),
  lease_until     timestamp,
  last_error      varchar(1000),
  sent_at         timestamp,
  constraint subscription_notification_once unique (subscription_id, kind, request_id)
);
create index subscription_notification_due on subscription_notification (status, next_attempt_at);
