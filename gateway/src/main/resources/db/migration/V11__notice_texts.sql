-- Notices rendered from templates (issue #13): each notice keeps its subject (the e-mail's subject and the
-- heading in the portal inbox) and what it was composed from about its reader — their role in the family as
-- the family says it, the youth's first name and birth date, and who objected (O2, refusal by objection) —
-- so that a notice sent afterwards (N2) can be told as it happened when it goes out.
alter table notice add column subject varchar(300);
alter table notice add column recipient_role varchar(32);
alter table notice add column youth_first_name varchar(200);
alter table notice add column youth_birth_date date;
alter table notice add column objected_by varchar(2000);
