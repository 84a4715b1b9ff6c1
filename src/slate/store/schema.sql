-- Slate's schema: plain tables and types so the file opens in Datasette, DuckDB or pandas.
-- Claims and quotes are append-only: history is the point. Dates are ISO strings (YYYY-MM-DD),
-- times ISO-8601 UTC. The same text works on SQLite and PostgreSQL.
-- Every extracted row (claims, quotes, title_aliases, title_links) carries the extractor version that
-- wrote it; only the rows of their article's articles.extractor_version answer. `slate reextract`
-- adds a new version's rows and switches the article to it; the older rows are kept.

CREATE TABLE IF NOT EXISTS slate_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- one row per distinct article text (id = content hash)
CREATE TABLE IF NOT EXISTS articles (
    id                TEXT PRIMARY KEY,
    ref               TEXT NOT NULL,      -- JSONL id or file name: how users name it
    url               TEXT,
    published         TEXT NOT NULL,      -- publication date: every claim is asserted on it
    title             TEXT,               -- headline, when the source had one
    source_name       TEXT,
    text              TEXT NOT NULL,
    ingested_at       TEXT NOT NULL,
    extractor_version TEXT NOT NULL       -- the version whose rows answer for this article
);
CREATE INDEX IF NOT EXISTS articles_ref ON articles (ref);
CREATE INDEX IF NOT EXISTS articles_published ON articles (published);

-- productions; canonical_id points at the root of a merged group (NULL for a root)
CREATE TABLE IF NOT EXISTS titles (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,           -- the name it was first seen under
    kind         TEXT NOT NULL,           -- film | series
    canonical_id INTEGER REFERENCES titles (id),
    created_at   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS titles_canonical ON titles (canonical_id);

-- every name a production was called, by which article, and why it belongs to it
CREATE TABLE IF NOT EXISTS title_aliases (
    id         INTEGER PRIMARY KEY,
    title_id   INTEGER NOT NULL REFERENCES titles (id),
    alias      TEXT NOT NULL,
    key        TEXT NOT NULL,             -- slate.resolve.title_key(alias)
    strong     INTEGER NOT NULL,          -- 1: identifies the production across articles
    article_id TEXT NOT NULL REFERENCES articles (id),
    published  TEXT NOT NULL,
    reason     TEXT NOT NULL,
    extractor_version TEXT NOT NULL       -- schema version 2
);
CREATE INDEX IF NOT EXISTS title_aliases_key ON title_aliases (key, strong);
CREATE INDEX IF NOT EXISTS title_aliases_title ON title_aliases (title_id);
CREATE INDEX IF NOT EXISTS title_aliases_article ON title_aliases (article_id);

-- links between names stated by an article ("now titled"), and the merges they caused
CREATE TABLE IF NOT EXISTS title_links (
    id         INTEGER PRIMARY KEY,
    title_id   INTEGER NOT NULL REFERENCES titles (id),
    other_id   INTEGER NOT NULL REFERENCES titles (id),
    name       TEXT NOT NULL,
    other_name TEXT NOT NULL,
    reason     TEXT NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles (id),
    sentence   TEXT NOT NULL,
    merged     INTEGER NOT NULL,
    extractor_version TEXT NOT NULL       -- schema version 2
);
CREATE INDEX IF NOT EXISTS title_links_title ON title_links (title_id);
CREATE INDEX IF NOT EXISTS title_links_other ON title_links (other_id);
CREATE INDEX IF NOT EXISTS title_links_article ON title_links (article_id);

-- people, organisations and places named as values
CREATE TABLE IF NOT EXISTS entities (
    id   INTEGER PRIMARY KEY,
    type TEXT NOT NULL,                   -- person | organisation | place
    name TEXT NOT NULL,
    key  TEXT NOT NULL,
    UNIQUE (type, key)
);

CREATE TABLE IF NOT EXISTS claims (
    id                INTEGER PRIMARY KEY,
    article_id        TEXT NOT NULL REFERENCES articles (id),
    title_id          INTEGER NOT NULL REFERENCES titles (id),
    title_name        TEXT NOT NULL,      -- the name the article used
    rel               TEXT NOT NULL CHECK (rel IN ('director', 'writer', 'producer', 'cast', 'studio',
                          'release_date', 'previous_release_date', 'filming_location', 'status',
                          'former_director', 'former_cast')),
    value             TEXT NOT NULL CHECK (value <> ''),
    entity_id         INTEGER REFERENCES entities (id),
    character         TEXT,
    region            TEXT,
    medium            TEXT,
    signal            TEXT,               -- a move word in the sentence (delayed, pushed, moved...)
    sentence          TEXT NOT NULL,
    span_start        INTEGER NOT NULL,   -- evidence: character offsets in articles.text
    span_end          INTEGER NOT NULL,
    sent_start        INTEGER NOT NULL,
    sent_end          INTEGER NOT NULL,
    asserted_on       TEXT NOT NULL,      -- = articles.published
    recorded_at       TEXT NOT NULL,
    extractor_version TEXT NOT NULL,
    confidence        REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS claims_title ON claims (title_id, rel);
CREATE INDEX IF NOT EXISTS claims_article ON claims (article_id);
CREATE INDEX IF NOT EXISTS claims_entity ON claims (entity_id);

CREATE TABLE IF NOT EXISTS quotes (
    id                INTEGER PRIMARY KEY,
    article_id        TEXT NOT NULL REFERENCES articles (id),
    title_id          INTEGER REFERENCES titles (id),
    speaker           TEXT NOT NULL,
    speaker_entity_id INTEGER REFERENCES entities (id),
    text              TEXT NOT NULL,
    platform          TEXT,
    fictional         INTEGER NOT NULL,
    sentence          TEXT NOT NULL,
    span_start        INTEGER NOT NULL,
    span_end          INTEGER NOT NULL,
    asserted_on       TEXT NOT NULL,
    recorded_at       TEXT NOT NULL,
    extractor_version TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS quotes_title ON quotes (title_id);
CREATE INDEX IF NOT EXISTS quotes_article ON quotes (article_id);
CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes (speaker_entity_id);

-- webhooks (`slate hooks`): the hooks, every change id the queue has seen (in the order it first
-- saw them), the outbox (one row per hook and change, delivered at most once) and the delivery log
CREATE TABLE IF NOT EXISTS hooks (
    id            INTEGER PRIMARY KEY,
    url           TEXT NOT NULL,
    secret        TEXT NOT NULL,          -- the HMAC-SHA256 key (stored to sign; never printed again)
    kinds         TEXT NOT NULL,          -- comma-separated kinds of change (query.CHANGE_KINDS)
    title_id      INTEGER,                -- only this production (its root when added), or NULL
    title         TEXT,                   -- the production's name when added
    allow_private INTEGER NOT NULL,       -- 1: loopback and private addresses allowed
    created_at    TEXT NOT NULL,
    seen_seq      INTEGER NOT NULL,       -- hook_changes up to this seq are queued for it (or predate it)
    enabled       INTEGER NOT NULL,
    failures      INTEGER NOT NULL,       -- consecutive failed attempts
    status        TEXT NOT NULL           -- active | disabled after N failures: <last error>
);

CREATE TABLE IF NOT EXISTS hook_changes (
    seq       INTEGER PRIMARY KEY,
    change_id TEXT NOT NULL UNIQUE,
    seen_at   TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS hook_outbox (
    id              INTEGER PRIMARY KEY,
    hook_id         INTEGER NOT NULL REFERENCES hooks (id),
    change_id       TEXT NOT NULL,
    delivery_id     TEXT NOT NULL UNIQUE, -- the X-Slate-Delivery header: the same on every attempt
    kind            TEXT NOT NULL,
    payload         TEXT NOT NULL,        -- the JSON body, less sent_at (added at each attempt)
    queued_at       TEXT NOT NULL,
    attempts        INTEGER NOT NULL,
    next_attempt_at TEXT NOT NULL,
    delivered_at    TEXT,                 -- set once, right after a 2xx answer: never sent again
    last_error      TEXT,
    UNIQUE (hook_id, change_id)
);
CREATE INDEX IF NOT EXISTS hook_outbox_due ON hook_outbox (delivered_at, next_attempt_at);

CREATE TABLE IF NOT EXISTS hook_attempts (
    id          INTEGER PRIMARY KEY,
    hook_id     INTEGER NOT NULL,
    outbox_id   INTEGER NOT NULL,
    delivery_id TEXT NOT NULL,
    change_id   TEXT NOT NULL,
    kind        TEXT NOT NULL,
    attempt     INTEGER NOT NULL,
    at          TEXT NOT NULL,
    duration_ms INTEGER NOT NULL,
    status_code INTEGER,
    ok          INTEGER NOT NULL,
    error       TEXT,
    next_attempt_at TEXT
);
CREATE INDEX IF NOT EXISTS hook_attempts_hook ON hook_attempts (hook_id, id);

-- watch: what `slate watch` fetched (every URL, with its validators and hash) and the feeds it polls
CREATE TABLE IF NOT EXISTS watch_fetches (
    url           TEXT PRIMARY KEY,       -- the URL asked for (a feed or page given, or an entry's link)
    feed_url      TEXT,                   -- the feed whose entry linked to it (NULL: a URL given)
    state         TEXT NOT NULL CHECK (state IN ('pending', 'done', 'failed', 'retry')),
    status        INTEGER,                -- HTTP status of the last answer (NULL: none)
    etag          TEXT,
    last_modified TEXT,
    content_hash  TEXT,                   -- sha256 of the body
    final_url     TEXT,                   -- where redirects ended
    error         TEXT,                   -- the last problem, one line
    entry_date    TEXT,                   -- the feed entry's date: the page's fallback date
    body          TEXT,                   -- base64 of the fetched bytes while pending (fetched, not yet ingested)
    article_id    TEXT,                   -- the article stored from it
    fetched_at    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS watch_fetches_state ON watch_fetches (state);

CREATE TABLE IF NOT EXISTS watch_feeds (
    url           TEXT PRIMARY KEY,
    kind          TEXT,                   -- feed | page (what the URL turned out to be)
    title         TEXT,
    last_poll     TEXT,
    last_status   INTEGER,                -- 304: not modified
    last_new      INTEGER NOT NULL DEFAULT 0,  -- articles stored by the last poll
    last_errors   INTEGER NOT NULL DEFAULT 0,  -- problems in the last poll
    last_error    TEXT,
    polls         INTEGER NOT NULL DEFAULT 0,
    total_new     INTEGER NOT NULL DEFAULT 0
);

-- editor corrections (slate edit, slate log): each decision is a row of its own, never a change to
-- the extracted rows above; append-only (an undo is a new row naming the one it undoes). params is
-- JSON naming its targets by stable keys (resolve.title_key / person_key / value_key, article ids),
-- resolved at read time to what exists now (slate.edits).
CREATE TABLE IF NOT EXISTS edits (
    id         INTEGER PRIMARY KEY,
    op         TEXT NOT NULL,             -- merge | split | kind | name | link | reject | add | undo
    params     TEXT NOT NULL,             -- JSON object
    editor     TEXT NOT NULL,
    reason     TEXT NOT NULL,
    source_url TEXT,
    made_at    TEXT NOT NULL,             -- ISO-8601 UTC
    undoes     INTEGER REFERENCES edits (id)
);
