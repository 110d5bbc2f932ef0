import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { openStoreFromUrl, parseStoreUrl } from '@gavel/cli';
import type { EventStore } from '@gavel/core';
import { exampleRoot } from './exampleRoot';

/** An opened store and a printable description of it (no password). */
export interface OpenedStore {
  readonly store: EventStore;
  readonly description: string;
}

const withoutPassword = (connectionString: string): string => {
  try {
    const url = new URL(connectionString);
    url.password = '';
    return url.toString();
  } catch {
    return connectionString.replace(/:[^:@/]*@/, '@');
  }
};

/**
 * Opens the store a store URL names, through `@gavel/cli`'s store-URL module (the one the `gavel`
 * command uses): `sqlite:<path>`, `postgres://…[?schema=<name>]`, `esdb://…`. One addition for a
 * server: a relative SQLite path resolves against `baseDir` (default: the example's folder, so that
 * `pnpm start` finds the same database from any directory) and its folder is created.
 * @throws Error with the parser's message for a URL that is not a store URL
 */
export const openStore = async (url: string, baseDir: string = exampleRoot): Promise<OpenedStore> => {
  const parsed = parseStoreUrl(url);
  if (!parsed.ok) throw new Error(parsed.message);
  const location = parsed.location;
  if (location.kind !== 'sqlite' || location.path === ':memory:')
    return { store: await openStoreFromUrl(url), description: withoutPassword(url) };
  const path = isAbsolute(location.path) ? location.path : resolve(baseDir, location.path);
  mkdirSync(dirname(path), { recursive: true });
  return { store: await openStoreFromUrl(`sqlite:${path}`), description: `sqlite:${path}` };
};
