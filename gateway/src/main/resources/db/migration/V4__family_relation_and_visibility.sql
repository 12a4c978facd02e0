-- F3 (issue #4): a family account knows how the person relates to the youth and the youth's birth date,
-- as established when the account was made (in production: from the identity check against the BRP).
alter table account add column family_relation varchar(32);
alter table account add column youth_birth_date date;

-- F3: once 16, the youth decides whether the authority holders (parents) see what was shared about them.
create table youth_visibility (
  youth_bsn       varchar(9)   primary key,
  parents_may_see boolean      not null,
  set_by          varchar(128) not null,
  set_at          timestamp    not null
);
