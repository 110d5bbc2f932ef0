import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { checkHostileInputProperty, checkKitHostileBids } from '../../../core/test/hostileInputProperty';
import { getSqliteEventStore } from './getSqliteEventStore';

// Hostile input through the service on SQLite (before the edge checks, a lone surrogate became U+FFFD
// here and collided with another id).
const dir = mkdtempSync(join(tmpdir(), 'gavel-sqlite-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hostile input through the service on SQLite', () => {
  it('accepts every honest bid and answers every hostile input INVALID_COMMAND (file)', async () => {
    const path = join(dir, 'hostile.db');
    await checkHostileInputProperty({ fresh: () => getSqliteEventStore({ path }) }, 40);
  });

  it('does the same on :memory:', async () => {
    await checkHostileInputProperty({ fresh: () => getSqliteEventStore({ path: ':memory:' }) }, 40);
  });

  it('answers the kit’s hostile bids INVALID_COMMAND beside honest bids in one batch', async () => {
    await checkKitHostileBids({ fresh: () => getSqliteEventStore({ path: ':memory:' }) });
  });
});
