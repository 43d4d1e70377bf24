-- Typed reasons instead of English text, and the encryption state of a chat whose devices are not known yet.
--
-- 1. Why a sent message failed (core's SendFailure name: RECIPIENT_UNREACHABLE, NO_OMEMO_DEVICES, …), kept with the
--    FAILED message so a window opened later still says why. NULL when it did not fail. Like attachment.failure
--    (V5) it has no CHECK: the list is core's and grows without a migration.
ALTER TABLE message ADD COLUMN send_failure TEXT;

-- 2. Two encryption states join the list: DEVICES_UNKNOWN (a message written while offline in a chat whose
--    contact's devices were never fetched is stored with it until it is encrypted, or fails) and
--    ENCRYPTION_UNAVAILABLE (a chat in which nothing can be encrypted; core uses it for chats, not messages, but the
--    two lists stay one).
--    Widened as V10 did: no stored row changes.
PRAGMA writable_schema = ON;
UPDATE sqlite_master
   SET sql = replace(sql, '''E2EE_DISTRUSTED'', ''PLAINTEXT''',
                     '''E2EE_DISTRUSTED'', ''DEVICES_UNKNOWN'', ''ENCRYPTION_UNAVAILABLE'', ''PLAINTEXT''')
 WHERE type = 'table' AND name = 'message';
PRAGMA writable_schema = RESET;

-- 3. Why a received message is UNDECRYPTABLE goes into encryption_reason (core's UndecryptableReason name); before,
--    core stored the reason's English text as the body. Rows whose body is one of those texts get the name and lose
--    the body (and with it their entry in the search index); any other body stays as it is.
UPDATE message
   SET encryption_reason = CASE body
           WHEN 'encrypted, but not for this device' THEN 'NOT_FOR_THIS_DEVICE'
           WHEN 'no session with the sending device' THEN 'NO_SESSION'
           WHEN 'message key failed to verify' THEN 'KEY_FAILED_TO_VERIFY'
           WHEN 'the encrypted envelope does not match the message (spoofed or replayed)' THEN 'ENVELOPE_MISMATCH'
           WHEN 'encrypted with an OMEMO version this device does not use' THEN 'UNSUPPORTED_VERSION'
           WHEN 'the encrypted message is malformed' THEN 'MALFORMED'
           WHEN 'the room did not say who sent it, so the sending device is unknown' THEN 'UNKNOWN_SENDER'
           WHEN 'OMEMO in group chats is not supported yet' THEN 'GROUP_CHAT'
       END,
       body = NULL
 WHERE encryption = 'UNDECRYPTABLE' AND encryption_reason IS NULL
   AND body IN ('encrypted, but not for this device', 'no session with the sending device',
                'message key failed to verify',
                'the encrypted envelope does not match the message (spoofed or replayed)',
                'encrypted with an OMEMO version this device does not use', 'the encrypted message is malformed',
                'the room did not say who sent it, so the sending device is unknown',
                'OMEMO in group chats is not supported yet');
