import type Libsql from 'libsql';
import type { Database } from '../database';

/** The statements of transactional handlers, prepared once per SQL text. */
export interface StatementCache {
  /** The prepared statement of `sql` (rows as objects, integers as numbers, as libsql gives them). */
  readonly prepare: (sql: string) => Libsql.Statement;
}

/**
 * Keeps the last `size` statements prepared by transactional handlers, so that a handler running the
 * same few statements for every batch prepares each once. The least recently used goes first.
 */
export const createStatementCache = (db: Database, size = 100): StatementCache => {
  const statements = new Map<string, Libsql.Statement>();
  return {
    prepare: (sql) => {
      let statement = statements.get(sql);
      if (statement === undefined) {
        statement = db.prepare(sql);
        if (statements.size >= size) statements.delete(statements.keys().next().value as string);
      } else statements.delete(sql);
      statements.set(sql, statement);
      return statement;
    },
  };
};
