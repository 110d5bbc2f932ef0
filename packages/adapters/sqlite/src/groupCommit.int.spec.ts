import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './database';
import { watchFileIdentity } from './fileIdentity';
import { createGroupCommit } from './groupCommit';
import { migrate } from './migrations';
import { prepareAppend } from './prepareAppend';
import { prepareStatements } from './statements';

const dir = mkdtempSync(join(tmpdir(), 'gavel-group-commit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the group commit', () => {
  it('commits a batch holding an append with synchronous FULL, and one of processor writes only with NORMAL', async () => {
    const path = join(dir, 'durability.db');
    const db = openDatabase({ path, synchronous: 'full', busyTimeoutMs: 1_000 });
    migrate(db);
    const commits = createGroupCommit({
      db,
      statements: prepareStatements(db),
      clock: Date.now,
      maxBatchSize: 100,
      busyTimeoutMs: 1_000,
      onCommitted: () => {},
      identity: watchFileIdentity(path),
      synchronous: 'full',
    });
    const synchronous = () => (db.prepare('PRAGMA synchronous').raw(true).get() as [number])[0];
    // Alone in their batch: processor writes (a checkpoint) need not wait for the disk.
    expect(await commits.write('processor commit', synchronous)).toBe(1);
    // With an append in the same batch: the whole batch is durable.
    const [seen] = await Promise.all([
      commits.write('processor commit', synchronous),
      commits.append(prepareAppend('auction-a', [{ type: 'Noted', data: {} }], { expectedVersion: 'any' })),
    ]);
    expect(seen).toBe(2);
    // Back to FULL between batches, whatever the last one was.
    expect(synchronous()).toBe(2);
    await commits.drain();
    db.close();
  });
});
