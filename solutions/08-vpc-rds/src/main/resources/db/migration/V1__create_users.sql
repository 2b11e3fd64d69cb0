-- The user store of lab 08. Flyway runs each versioned file once, in order, and records it in
-- flyway_schema_history: a file that has run is never edited again, a change is a new V<n> file.

CREATE TABLE users (
    -- A random UUID as text: the JWT's sub, the same as in the in-memory and DynamoDB stores.
    id            text        PRIMARY KEY,
    -- Emails.MAX_BYTES is 254 bytes of UTF-8; PostgreSQL's varchar(n) counts characters, so the byte limit is a
    -- CHECK, and text keeps every address Emails accepts.
    email         text        NOT NULL CHECK (octet_length(email) <= 254),
    -- A bcrypt string is 60 characters; text never cuts a longer hash of a future algorithm.
    password_hash text        NOT NULL,
    -- timestamptz keeps microseconds: the millisecond instants of the domain come back exactly.
    created_at    timestamptz NOT NULL
);

-- One account per address, enforced by the database at the moment of the insert, so two racing sign-ups cannot both
-- win (a SELECT then an INSERT can). lower() too: Emails.normalise lower-cases, and this index keeps the rule even
-- for a row written by another tool. A violation is SQLSTATE 23505, which the repository turns into EMAIL_TAKEN.
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

-- The outbox: "a user was created", written in the same transaction as the user, so a publisher (lab 07's
-- EventBridge, a scheduled function) sends an event for every stored user and for no refused one.
CREATE TABLE user_events (
    event_id    bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     text        NOT NULL REFERENCES users (id),
    type        text        NOT NULL,
    occurred_at timestamptz NOT NULL
);
