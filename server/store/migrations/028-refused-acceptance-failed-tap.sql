-- A refused acceptance carries two taps, the member's and the confirming secretary's, and a card-level code
-- (ERR_CARD_UNKNOWN, ERR_CARD_REVOKED, …) does not say whose card it was. Event ingest judges the member's tap first,
-- then the secretary's, and now records which of them was refused: 'member', 'secretary', or 'both' (the code is then
-- the member's). NULL when no tap was refused (the letter's rules, the kiosk's record), and for the acceptances refused
-- before this column: the event alone cannot say which tap the server refused then, so their lists keep saying
-- "the member's or the secretary's card".
ALTER TABLE refused_acceptances ADD COLUMN failed_tap TEXT CHECK (failed_tap IN ('member', 'secretary', 'both'));
