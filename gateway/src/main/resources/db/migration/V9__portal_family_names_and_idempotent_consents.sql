-- Issue #13 (portal): the start page names the youth and how the person relates to them ("moeder van
-- Thijs (10 jaar)"), as established when the account was made (like family_relation, V4).
alter table account add column youth_given_name varchar(100);
alter table account add column family_role varchar(32);

-- Issue #13: giving the same consent or objection twice stores it once. active_key is a SHA-256 of what
-- the record says (kind, youth, who, recipient, purpose, categories, text version, period) and of the
-- person's previous record, set while the record is in force and cleared on withdrawal; a second,
-- identical record on top of the same previous one (a double submit, a replayed POST) collides here.
-- NULLs do not collide, so withdrawn records (and rows made before this migration) are free.
alter table consent_record add column active_key varchar(64);
create unique index consent_record_active_key on consent_record (active_key);
