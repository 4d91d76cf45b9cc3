-- Linking again (issue 30, manual 2章①-1 補足): the link records the 免許情報記録番号
-- (運転経歴情報記録番号) of the record it was made with. When the driver registry's record
-- for the person carries another number (the licence lapsed or was revoked, and a new one
-- was acquired), the link is stale: no record is shown until the person links again,
-- which replaces it. NULL while not linked; links made before this column are to the
-- record they see now.
ALTER TABLE persons ADD COLUMN linked_number TEXT;
UPDATE persons SET linked_number = number WHERE linked;
