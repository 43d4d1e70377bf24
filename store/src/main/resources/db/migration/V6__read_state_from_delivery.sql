-- core keeps is_read in step with a message's state: an incoming message is unread until it is DISPLAYED (read
-- here or on another of the user's clients) or retracted. Rows written before core maintained the flag get it here.
UPDATE message SET is_read = 1
 WHERE is_read = 0 AND direction = 'INCOMING' AND (delivery = 'DISPLAYED' OR retracted_at IS NOT NULL);
