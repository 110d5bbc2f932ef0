import pg from 'pg';

/** The test server: `GAVEL_PG_URL`, default the local trust-auth server. */
export const pgUrl = process.env.GAVEL_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A schema name no other run uses. */
export const randomSchema = (prefix = 'gavel_test'): string =>
  `${prefix}_${globalThis.crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;

/** Runs one statement on a short-lived connection. */
export const sql = async <Row extends pg.QueryResultRow = pg.QueryResultRow>(
  text: string,
  values: unknown[] = [],
): Promise<Row[]> => {
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  try {
    return (await client.query<Row>(text, values)).rows;
  } finally {
    await client.end();
  }
};

/** Drops a test schema and everything in it. */
export const dropSchema = async (schema: string): Promise<void> => {
  await sql(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
};

/** Throws a clear error when the test server cannot be reached (call it in a `beforeAll`). */
export const assertPostgresReachable = async (): Promise<void> => {
  try {
    await sql('SELECT 1');
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${pgUrl} (start it, or set GAVEL_PG_URL): ${(error as Error).message}`,
    );
  }
};
