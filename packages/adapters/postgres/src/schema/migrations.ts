import type { SqlNames } from './sqlNames';

/** One step of the store's schema: applied once, in `version` order, recorded in `gavel_migrations`. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: (names: SqlNames) => string;
}

/**
 * The store's schema, version by version. Never edit a released migration: add the next one.
 *
 * Version 1: the events table and `append_to_stream`, the store's one concurrency check.
 * - A per-stream advisory lock (held to commit, takes no transaction id) makes the version read exact
 *   and serializes writers of one stream; writers of different streams run in parallel.
 * - A short per-schema advisory lock, taken and released around the insert, makes the transaction id
 *   (assigned inside it) and the global positions grow together: if position a < b then
 *   xid(a) <= xid(b). Subscriptions rely on it to read without gaps (see `readBatch.ts`).
 * - The common path costs no duplicate lookup: ids already in the stream are found by the insert itself
 *   (`ON CONFLICT DO NOTHING`), or, after a version mismatch, by one index probe per id.
 * - SQLSTATE `GV001`: version conflict (DETAIL = actual version); `GV002`: some, not all, ids known
 *   (the transaction rolls back).
 *
 * Version 2: `append_to_streams(jsonb)`, the appends of many streams in one transaction (cross-stream
 * group commit). It takes every stream lock first, in a fixed order, then the positions lock, then runs
 * each append's check and insert in that order; each append has its own outcome row (`error_code`
 * `GV001` with `actual_version`, or `GV002`), so that one refused append writes nothing and costs the
 * others nothing. No savepoints: an append of which some ids were known deletes its own rows.
 *
 * Version 3: `append_to_streams` set-based. The streams of one call must be distinct (the client never
 * puts two appends of one stream in one batch; a call that does is refused with `22023` and nothing
 * written). After the stream locks, one statement reads every stream's version, inserts the events of
 * every append that passed its check (one `INSERT`, under the positions lock) and gives each append its
 * outcome: about a quarter of the per-append cost of version 2's loop.
 *
 * Version 4: processors' tables (`store.processors`): `processors` (name, number of partitions),
 * `processor_partitions` (the lease: owner, `expires_at` in epoch ms of the database's clock, fencing
 * `token`; and the `checkpoint`), `processor_members` (owner, `expires_at`) and `processor_state` (key,
 * value per partition). Deleting a processor's row deletes its partitions and their state
 * (`ON DELETE CASCADE`); a reset deletes its members too. Every call is one statement (see
 * `src/processors/`).
 */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'events table and append_to_stream',
    sql: (n) => `
CREATE TABLE ${n.events} (
  global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  stream_name text NOT NULL,
  stream_version bigint NOT NULL CHECK (stream_version > 0),
  event_id text NOT NULL,
  type text NOT NULL,
  data jsonb NOT NULL,
  metadata jsonb,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  transaction_id xid8 NOT NULL,
  CONSTRAINT events_stream_version_key UNIQUE (stream_name, stream_version),
  CONSTRAINT events_stream_event_id_key UNIQUE (stream_name, event_id)
);

CREATE FUNCTION ${n.appendFunction}(p_stream text, p_expected bigint, p_events jsonb)
RETURNS TABLE (next_version bigint, last_position bigint, duplicate boolean)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_count integer := jsonb_array_length(p_events);
  v_current bigint;
  v_inserted integer;
  v_last bigint;
  v_known integer;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended(${n.schemaLiteral} || '/stream/' || p_stream, 0));
  SELECT e.stream_version INTO v_current
    FROM ${n.events} e WHERE e.stream_name = p_stream
   ORDER BY e.stream_version DESC LIMIT 1;
  v_current := coalesce(v_current, 0);
  -- p_expected: NULL = any, -1 = no_stream, -2 = stream_exists, n >= 0 = exact version.
  IF NOT (p_expected IS NULL
          OR (p_expected = -1 AND v_current = 0)
          OR (p_expected = -2 AND v_current > 0)
          OR p_expected = v_current) THEN
    -- A retry of an append that did commit carries an outdated version: it is a duplicate, not a conflict.
    SELECT count(*)::integer, max(e.global_position) INTO v_known, v_last
      FROM ${n.events} e
     WHERE e.stream_name = p_stream
       AND e.event_id = ANY (ARRAY(SELECT x ->> 'eventId' FROM jsonb_array_elements(p_events) x));
    IF v_known = v_count THEN
      RETURN QUERY SELECT v_current, v_last, true;
      RETURN;
    END IF;
    RAISE EXCEPTION 'version conflict on stream %: actual version %', p_stream, v_current
      USING ERRCODE = 'GV001', DETAIL = v_current::text;
  END IF;
  PERFORM pg_advisory_lock(hashtextextended(${n.schemaLiteral} || '/positions', 0));
  WITH inserted AS (
    INSERT INTO ${n.events} (stream_name, stream_version, event_id, type, data, metadata, transaction_id)
    SELECT p_stream, v_current + x.ord, x.e ->> 'eventId', x.e ->> 'type', x.e -> 'data',
           nullif(x.e -> 'metadata', 'null'::jsonb), pg_current_xact_id()
      FROM jsonb_array_elements(p_events) WITH ORDINALITY AS x(e, ord)
     ORDER BY x.ord
    ON CONFLICT (stream_name, event_id) DO NOTHING
    RETURNING global_position
  )
  SELECT count(*)::integer, max(i.global_position) INTO v_inserted, v_last FROM inserted i;
  PERFORM pg_advisory_unlock(hashtextextended(${n.schemaLiteral} || '/positions', 0));
  IF v_inserted = v_count THEN
    RETURN QUERY SELECT v_current + v_count, v_last, false;
  ELSIF v_inserted = 0 THEN
    -- Every id is already in the stream: a retry; nothing was written.
    SELECT max(e.global_position) INTO v_last
      FROM ${n.events} e
     WHERE e.stream_name = p_stream
       AND e.event_id = ANY (ARRAY(SELECT x ->> 'eventId' FROM jsonb_array_elements(p_events) x));
    RETURN QUERY SELECT v_current, v_last, true;
  ELSE
    RAISE EXCEPTION 'some but not all of the appended event ids are already in stream %', p_stream
      USING ERRCODE = 'GV002';
  END IF;
END
$fn$;
`,
  },
  {
    version: 2,
    name: 'append_to_streams: the appends of many streams in one transaction',
    sql: (n) => `
CREATE FUNCTION ${n.appendManyFunction}(p_appends jsonb)
RETURNS TABLE (ord integer, next_version bigint, last_position bigint, duplicate boolean,
               error_code text, actual_version bigint)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_append jsonb;
  v_stream text;
  v_expected bigint;
  v_events jsonb;
  v_count integer;
  v_current bigint;
  v_inserted integer;
  v_last bigint;
  v_known integer;
  v_positions bigint[];
  v_locked boolean := false;
  v_key bigint;
BEGIN
  -- 1. Every stream's lock, in one fixed order (by lock key, then name): two such transactions never
  --    deadlock, and none waits for a stream lock while it holds the positions lock.
  FOR v_key IN
    SELECT DISTINCT hashtextextended(${n.schemaLiteral} || '/stream/' || (a ->> 'stream'), 0) AS key
      FROM jsonb_array_elements(p_appends) a
     ORDER BY 1
  LOOP
    PERFORM pg_advisory_xact_lock(v_key);
  END LOOP;
  -- 2. Under the positions lock (transaction id and positions grow together, as in append_to_stream),
  --    each append in the same order, each with its own check and its own outcome: a conflict or a
  --    partial retry is reported in its row and writes nothing, the others are written.
  FOR v_append IN
    SELECT a FROM jsonb_array_elements(p_appends) a
     ORDER BY hashtextextended(${n.schemaLiteral} || '/stream/' || (a ->> 'stream'), 0), a ->> 'stream',
              (a ->> 'ord')::integer
  LOOP
    v_stream := v_append ->> 'stream';
    v_expected := (v_append ->> 'expected')::bigint;
    v_events := v_append -> 'events';
    v_count := jsonb_array_length(v_events);
    SELECT e.stream_version INTO v_current
      FROM ${n.events} e WHERE e.stream_name = v_stream
     ORDER BY e.stream_version DESC LIMIT 1;
    v_current := coalesce(v_current, 0);
    IF NOT (v_expected IS NULL
            OR (v_expected = -1 AND v_current = 0)
            OR (v_expected = -2 AND v_current > 0)
            OR v_expected = v_current) THEN
      SELECT count(*)::integer, max(e.global_position) INTO v_known, v_last
        FROM ${n.events} e
       WHERE e.stream_name = v_stream
         AND e.event_id = ANY (ARRAY(SELECT x ->> 'eventId' FROM jsonb_array_elements(v_events) x));
      IF v_known = v_count THEN
        RETURN QUERY SELECT (v_append ->> 'ord')::integer, v_current, v_last, true, NULL::text, NULL::bigint;
      ELSE
        RETURN QUERY SELECT (v_append ->> 'ord')::integer, NULL::bigint, NULL::bigint, false, 'GV001', v_current;
      END IF;
      CONTINUE;
    END IF;
    IF NOT v_locked THEN
      PERFORM pg_advisory_lock(hashtextextended(${n.schemaLiteral} || '/positions', 0));
      v_locked := true;
    END IF;
    WITH inserted AS (
      INSERT INTO ${n.events} (stream_name, stream_version, event_id, type, data, metadata, transaction_id)
      SELECT v_stream, v_current + x.ord, x.e ->> 'eventId', x.e ->> 'type', x.e -> 'data',
             nullif(x.e -> 'metadata', 'null'::jsonb), pg_current_xact_id()
        FROM jsonb_array_elements(v_events) WITH ORDINALITY AS x(e, ord)
       ORDER BY x.ord
      ON CONFLICT (stream_name, event_id) DO NOTHING
      RETURNING global_position
    )
    SELECT count(*)::integer, max(i.global_position), array_agg(i.global_position)
      INTO v_inserted, v_last, v_positions FROM inserted i;
    IF v_inserted = v_count THEN
      RETURN QUERY SELECT (v_append ->> 'ord')::integer, v_current + v_count, v_last, false, NULL::text, NULL::bigint;
    ELSIF v_inserted = 0 THEN
      SELECT max(e.global_position) INTO v_last
        FROM ${n.events} e
       WHERE e.stream_name = v_stream
         AND e.event_id = ANY (ARRAY(SELECT x ->> 'eventId' FROM jsonb_array_elements(v_events) x));
      RETURN QUERY SELECT (v_append ->> 'ord')::integer, v_current, v_last, true, NULL::text, NULL::bigint;
    ELSE
      -- Some ids were known: undo this append's rows only (no savepoint: the others stay).
      DELETE FROM ${n.events} e WHERE e.global_position = ANY (v_positions);
      RETURN QUERY SELECT (v_append ->> 'ord')::integer, NULL::bigint, NULL::bigint, false, 'GV002', NULL::bigint;
    END IF;
  END LOOP;
  IF v_locked THEN
    PERFORM pg_advisory_unlock(hashtextextended(${n.schemaLiteral} || '/positions', 0));
  END IF;
END
$fn$;
`,
  },
  {
    version: 3,
    name: 'append_to_streams: one statement for the checks and inserts of every stream',
    sql: (n) => `
CREATE TYPE ${n.schema}.append_outcome AS (ord integer, next_version bigint, last_position bigint,
                                  duplicate boolean, error_code text, actual_version bigint);

CREATE OR REPLACE FUNCTION ${n.appendManyFunction}(p_appends jsonb)
RETURNS TABLE (ord integer, next_version bigint, last_position bigint, duplicate boolean,
               error_code text, actual_version bigint)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_distinct boolean;
  v_outcomes ${n.schema}.append_outcome[];
  v_partial bigint[];
BEGIN
  -- 1. Every stream's lock, in one fixed order (by lock key, as in version 2): no deadlock between two
  --    calls, and none waits for a stream lock while it holds the positions lock. One statement: the
  --    sorted subquery feeds the locks in its order.
  SELECT count(*) = count(DISTINCT s.stream) INTO v_distinct
    FROM (SELECT k.stream, pg_advisory_xact_lock(k.key)
            FROM (SELECT a ->> 'stream' AS stream,
                         hashtextextended(${n.schemaLiteral} || '/stream/' || (a ->> 'stream'), 0) AS key
                    FROM jsonb_array_elements(p_appends) a
                   ORDER BY 2, 1) k) s;
  IF NOT v_distinct THEN
    RAISE EXCEPTION 'append_to_streams: a stream appears twice in one call' USING ERRCODE = '22023';
  END IF;
  -- 2. One statement under the positions lock (the transaction id is assigned by its INSERT, so
  --    transaction ids and positions grow together, as in append_to_stream): every version read, the
  --    inserts of the appends that pass their check, and every outcome.
  PERFORM pg_advisory_lock(hashtextextended(${n.schemaLiteral} || '/positions', 0));
  -- MATERIALIZED: each stream's version is read once (inlined, the check would read it again per use).
  WITH appends AS MATERIALIZED (
    SELECT (a ->> 'ord')::integer AS ord, a ->> 'stream' AS stream, (a ->> 'expected')::bigint AS expected,
           a -> 'events' AS events, jsonb_array_length(a -> 'events') AS count,
           coalesce((SELECT e.stream_version FROM ${n.events} e WHERE e.stream_name = a ->> 'stream'
                      ORDER BY e.stream_version DESC LIMIT 1), 0) AS current
      FROM jsonb_array_elements(p_appends) a
  ), checked AS (
    SELECT appends.*, (expected IS NULL OR (expected = -1 AND current = 0)
                       OR (expected = -2 AND current > 0) OR expected = current) AS passes
      FROM appends
  ), inserted AS (
    INSERT INTO ${n.events} (stream_name, stream_version, event_id, type, data, metadata, transaction_id)
    SELECT c.stream, c.current + x.i, x.e ->> 'eventId', x.e ->> 'type', x.e -> 'data',
           nullif(x.e -> 'metadata', 'null'::jsonb), pg_current_xact_id()
      FROM checked c, jsonb_array_elements(c.events) WITH ORDINALITY AS x(e, i)
     WHERE c.passes
     ORDER BY c.ord, x.i
    ON CONFLICT (stream_name, event_id) DO NOTHING
    RETURNING stream_name, global_position
  ), written AS (
    SELECT stream_name, count(*)::integer AS count, max(global_position) AS last,
           array_agg(global_position) AS positions
      FROM inserted GROUP BY stream_name
  ), known AS (
    -- Where nothing new was written, the ids already in the stream (a retry): the statement's snapshot
    -- is the one from before its INSERT, where a retry's ids already are.
    SELECT c.ord, count(e.global_position)::integer AS count, max(e.global_position) AS last
      FROM checked c
      LEFT JOIN written w ON w.stream_name = c.stream
      JOIN LATERAL jsonb_array_elements(c.events) x(ev) ON true
      LEFT JOIN ${n.events} e ON e.stream_name = c.stream AND e.event_id = x.ev ->> 'eventId'
     WHERE w.stream_name IS NULL
     GROUP BY c.ord
  )
  SELECT array_agg(ROW(
           c.ord,
           CASE WHEN w.count = c.count THEN c.current + c.count
                WHEN w.count IS NULL AND k.count = c.count THEN c.current END,
           CASE WHEN w.count = c.count THEN w.last WHEN w.count IS NULL AND k.count = c.count THEN k.last END,
           w.count IS NULL AND k.count = c.count,
           CASE WHEN w.count = c.count OR (w.count IS NULL AND k.count = c.count) THEN NULL
                WHEN c.passes THEN 'GV002' ELSE 'GV001' END,
           CASE WHEN w.count IS NULL AND k.count < c.count AND NOT c.passes THEN c.current END
         )::${n.schema}.append_outcome),
         -- An append of which some ids were known (GV002) has its rows undone below; the others stay.
         (SELECT array_agg(p.position)
            FROM checked pc JOIN written pw ON pw.stream_name = pc.stream AND pw.count < pc.count,
                 unnest(pw.positions) p(position))
    INTO v_outcomes, v_partial
    FROM checked c
    LEFT JOIN written w ON w.stream_name = c.stream
    LEFT JOIN known k ON k.ord = c.ord;
  IF v_partial IS NOT NULL THEN
    DELETE FROM ${n.events} e WHERE e.global_position = ANY (v_partial);
  END IF;
  PERFORM pg_advisory_unlock(hashtextextended(${n.schemaLiteral} || '/positions', 0));
  RETURN QUERY SELECT * FROM unnest(v_outcomes);
END
$fn$;
`,
  },
  {
    version: 4,
    name: 'processors: partitions with leases and checkpoints, members, partition state',
    sql: (n) => `
CREATE TABLE ${n.processors} (
  name text PRIMARY KEY,
  partitions integer NOT NULL CHECK (partitions BETWEEN 1 AND 1024),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ${n.processorPartitions} (
  processor text NOT NULL REFERENCES ${n.processors} (name) ON DELETE CASCADE,
  partition integer NOT NULL CHECK (partition >= 0),
  owner text,
  expires_at bigint NOT NULL DEFAULT 0,
  token bigint NOT NULL DEFAULT 0 CHECK (token >= 0),
  checkpoint bigint NOT NULL CHECK (checkpoint >= 0),
  PRIMARY KEY (processor, partition)
);

-- No foreign key: its check would make a heartbeat lock the processor's row after its leases' rows,
-- the opposite order of a reset, which deletes the processor's row and then its partitions.
CREATE TABLE ${n.processorMembers} (
  processor text NOT NULL,
  owner text NOT NULL,
  expires_at bigint NOT NULL,
  PRIMARY KEY (processor, owner)
);

CREATE TABLE ${n.processorState} (
  processor text NOT NULL,
  partition integer NOT NULL,
  key text NOT NULL,
  value text NOT NULL,
  PRIMARY KEY (processor, partition, key),
  FOREIGN KEY (processor, partition) REFERENCES ${n.processorPartitions} (processor, partition) ON DELETE CASCADE
);
`,
  },
];
