-- Issue 26: why an application 処理中 is waiting (an external system unavailable, for
-- example 'registry_unavailable'), so the person is told; NULL when it is not.
ALTER TABLE applications ADD COLUMN waiting TEXT;
