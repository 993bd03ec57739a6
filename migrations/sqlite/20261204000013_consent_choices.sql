-- How visitors answered the cookie banner, counted per day and answer for the
-- dashboard. Nothing here points to a visitor: no id, address or session.
-- created_at is the day's first such answer, updated_at its latest.
CREATE TABLE consent_choices (
    day        TEXT NOT NULL,
    choice     TEXT NOT NULL CHECK (choice IN ('all', 'necessary')),
    count      INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (day, choice)
);
