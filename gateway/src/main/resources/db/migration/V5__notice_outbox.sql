-- N1 by e-mail (issue #5): every e-mail notice is a row in this outbox, written in the same transaction
-- as the notice itself. A Camel route hands due rows to the SMTP server and records the outcome; a failed
-- attempt is retried with back-off. A notice-before request is released only when all its rows are sent.
create table notice_delivery (
  id              varchar(36)   primary key,
  notice_id       varchar(36)   not null references notice (id),
  request_id      varchar(36)   not null references data_request (id),
  channel         varchar(16)   not null,
  address         varchar(320)  not null,
  status          varchar(16)   not null,
  attempts        integer       not null,
  next_attempt_at timestamp     not null,
  last_error      varchar(1000),
  sent_at         timestamp
);
create index notice_delivery_due on notice_delivery (status, next_attempt_at);
create index notice_delivery_request on notice_delivery (request_id);
