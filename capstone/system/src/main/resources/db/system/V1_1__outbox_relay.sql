-- kit run --db postgres: lab 08's outbox (user_events, written in the same transaction as the user) gets what a relay
-- needs. Versioned 1.1 so it runs right after lab 08's V1 and leaves V2 free for the lab itself; a file that has run
-- is never edited again, a change is a new file.

-- When the relay published the event to SNS: NULL until then. Set in the transaction that holds the row's lock, after
-- the publish succeeded, so a crash between the two leaves it NULL and the event is published again (the workers'
-- idempotency key, the event's id, makes the second copy a no-op).
ALTER TABLE user_events ADD COLUMN published_at timestamptz;

-- The relay reads only what is still to send, oldest first: a partial index stays as small as the backlog.
CREATE INDEX user_events_unpublished ON user_events (event_id) WHERE published_at IS NULL;
