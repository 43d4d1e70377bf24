-- A received message whose device the user distrusted gets its own encryption state, E2EE_DISTRUSTED (before, it
-- was stored as E2EE_UNTRUSTED_DEVICES like one from an undecided device). SQLite cannot alter a CHECK constraint;
-- widening one changes no stored data, so the table's definition is edited in the schema as SQLite's ALTER TABLE
-- documentation describes for constraint changes, and the schema is reloaded (RESET) so this connection checks the
-- new list at once.
PRAGMA writable_schema = ON;
UPDATE sqlite_master
   SET sql = replace(sql, '''E2EE_UNTRUSTED_DEVICES'', ''PLAINTEXT''',
                     '''E2EE_UNTRUSTED_DEVICES'', ''E2EE_DISTRUSTED'', ''PLAINTEXT''')
 WHERE type = 'table' AND name = 'message';
PRAGMA writable_schema = RESET;
