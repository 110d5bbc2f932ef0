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
];
