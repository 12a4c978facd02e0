-- V16 (issue #16.5): an index for every column a list, search or scheduled poll filters or sorts on, so that
-- they stay flat as the tables grow. Each list sorts newest first with the id as tie-breaker, as the indexes do.
-- docs/performance.md names the query each index serves.

-- GET /fhir/Task (the requester's organisation, newest first; by Task.status) and the portal's request list.
create index data_request_requester_new on data_request (requester_org, created_at desc, id desc);
create index data_request_requester_status on data_request (requester_org, status, created_at desc, id desc);
-- The portal's request list (the source's side) and the privacy officer's source alerts.
create index data_request_source_new on data_request (source_org, created_at desc, id desc);
-- The privacy officer's review list (S1, O2, N2), from either side.
create index data_request_review_requester on data_request (requester_org, review_required, created_at desc, id desc);
create index data_request_review_source on data_request (source_org, review_required, created_at desc, id desc);
-- The family's timeline (newest first) and P5's earlier releases about the youth.
create index data_request_youth_new on data_request (youth_bsn, created_at desc, id desc);
-- The scheduled polls: held requests whose window ended (N3), unfinished requests after a restart.
create index data_request_status_hold on data_request (business_status, hold_until);

-- The family's inbox; the delayed notices that are due (N2); a request's notices by timing.
create index notice_inbox on notice (recipient_ref, delivered_at desc);
create index notice_due on notice (timing, delivered_at, deadline);
create index notice_request_timing on notice (request_id, timing, delivered_at);

-- The privacy officer's security searches: by type and the actor's organisation or account, newest first;
-- the source alerts by type, newest first.
create index audit_type_org_seq on audit_entry (event_type, actor_org, seq desc);
create index audit_type_actor_seq on audit_entry (event_type, actor_username, seq desc);
create index audit_type_seq on audit_entry (event_type, seq desc);

-- Accounts of an organisation (the security searches), of a youth's family (the portal).
create index account_organisation on account (organisation_id);
create index account_youth on account (youth_bsn);

-- Consents and objections of a youth by the person who gave them (the portal, the policy's C1 and O1).
create index consent_record_youth_by on consent_record (youth_bsn, given_by, kind);

-- The privacy reviews recorded by an organisation.
create index privacy_review_org on privacy_review (organisation_id, request_id);
