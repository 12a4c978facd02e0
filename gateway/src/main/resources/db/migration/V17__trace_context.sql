-- V17 (#20.5): W3C trace context. Every audit entry keeps the trace and span it was written in (32 and 16
-- lower-case hex digits, or null); entries chained from now on hash them too (canonical form 3,
-- docs/audit.md). A data request keeps its trace id, so that its later steps (decision, notice, fetch,
-- release), on whichever node claims it, are logged in the same trace.
alter table audit_entry add column trace_id varchar(32);
alter table audit_entry add column span_id varchar(16);
alter table data_request add column trace_id varchar(32);
