import type { JetStreamManager } from '@nats-io/jetstream';
import { describe, expect, it } from 'vitest';
import type { RelayMessage } from '../messages/relayMessage';
import { createStoredVersions } from './storedVersions';

const NOW = 1_000_000_000;
const message = (streamName: string, version: number, recordedAt: number): RelayMessage => ({
  subject: `gavel.BidPlaced.${streamName.slice(8)}`,
  msgId: `${streamName}@${version}`,
  headers: [],
  body: '{}',
  streamName,
  version,
  recordedAt,
});

/** A stream that holds auction-a up to version 3 and nothing of the others; counts the look-ups. */
const manager = (lookups: string[]) =>
  (async () =>
    ({
      streams: {
        getMessage: async (_stream: string, query: { last_by_subj: string }) => {
          lookups.push(query.last_by_subj);
          if (query.last_by_subj !== 'gavel.*.a') return null;
          const values: Record<string, string> = { 'Gavel-Stream': 'auction-a', 'Gavel-Version': '3' };
          return { header: { get: (key: string) => values[key] ?? '' } };
        },
      },
    }) as unknown as JetStreamManager) as () => Promise<JetStreamManager>;

const versions = (lookups: string[]) =>
  createStoredVersions({
    manager: manager(lookups),
    stream: 'GAVEL',
    subjectPrefix: 'gavel',
    clock: () => NOW,
    duplicateWindowMs: () => 120_000,
  });

describe('createStoredVersions', () => {
  it('looks nothing up for events recorded within half the window: JetStream deduplicates them', async () => {
    const lookups: string[] = [];
    const batch = [message('auction-a', 1, NOW - 59_000), message('auction-b', 1, NOW)];
    expect(await versions(lookups).toPublish(0, batch)).toEqual({ messages: batch, skipped: 0 });
    expect(lookups).toEqual([]);
  });

  it('looks each auction of older events up once, and leaves out what the stream holds', async () => {
    const lookups: string[] = [];
    const stored = versions(lookups);
    const old = NOW - 61_000;
    const first = await stored.toPublish(0, [
      message('auction-a', 2, old),
      message('auction-b', 1, old),
      message('auction-a', 3, old),
      message('auction-a', 4, old),
    ]);
    expect(first.messages.map((m) => m.msgId)).toEqual(['auction-b@1', 'auction-a@4']);
    expect(first.skipped).toBe(2);
    for (const sent of first.messages) stored.acknowledged(0, sent);
    const second = await stored.toPublish(0, [message('auction-a', 4, old), message('auction-a', 5, old)]);
    expect(second.messages.map((m) => m.msgId)).toEqual(['auction-a@5']);
    expect(lookups).toEqual(['gavel.*.a', 'gavel.*.b']);
    stored.drop(0);
    await stored.toPublish(0, [message('auction-a', 6, old)]);
    expect(lookups).toHaveLength(3);
  });
});
