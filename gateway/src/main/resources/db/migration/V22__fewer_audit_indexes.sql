-- V22 (issue #20.8): two indexes on audit_entry that no query needs, each written on every append and again when
-- the chainer links the entry. audit_event_type (V13) is the first column of audit_type_seq (V16), which serves
-- every query by event type. On PostgreSQL the unique constraint of V1 on id (audit_entry_id_key) repeats the
-- primary key on id of V13; H2 names that constraint itself, so there it stays (a no-op statement below).
drop index audit_event_type;
${audit_drop_duplicate_id_key};
