-- 受付番号: the short number a person reads and quotes (domain::applications::receipt_number);
-- the long id stays in URLs. Rows from before this have none (a number is derived from the id).
ALTER TABLE applications ADD COLUMN receipt_no TEXT;
CREATE UNIQUE INDEX applications_receipt_no ON applications(receipt_no);
