-- What the source delivered per requested category (issue: real sources): items released, fetched and
-- reported by the source, whether the configured bound cut the answer off, whether the source offers the
-- kind of data at all, and items left out because they were not about the youth (C5). JSON, written once
-- with the release; shown as Task.output "category-result" and in the family's timeline.
alter table data_request add column source_report varchar(4000);
