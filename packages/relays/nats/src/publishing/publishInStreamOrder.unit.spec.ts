import type { JetStreamClient, PubAck } from '@nats-io/jetstream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RelayMessage } from '../messages/relayMessage';
import { isNatsRelayError } from '../natsRelayError';
import { publishInStreamOrder } from './publishInStreamOrder';

/** What the fake server does with one publish: store and answer, lose it, or store it and lose the answer. */
type Fate = 'ok' | 'lost' | 'storedNoAck';

const message = (streamName: string, version: number): RelayMessage => ({
  subject: `gavel.BidPlaced.${streamName}`,
  msgId: `${streamName}@${version}`,
  headers: [],
  body: '{}',
  streamName,
  version,
  recordedAt: 0,
});

const timeout = (): Error => Object.assign(new Error('timeout'), { name: 'TimeoutError' });

/**
 * A JetStream stand-in whose publishes complete in the order the fast-check scheduler picks (the worst
 * case of a server that loses a message and takes the next one, through a restart or a leader change),
 * deduplicating by message id as JetStream does within its window.
 */
const fakeJetStream = (scheduler: fc.Scheduler, fates: readonly Fate[]) => {
  const stored: string[] = [];
  const inFlight = new Map<string, number>();
  let most = 0;
  let next = 0;
  const js = {
    publish: (subject: string, _body: unknown, options: { msgID: string }): Promise<PubAck> => {
      const fate = fates[next++] ?? 'ok';
      const stream = subject.split('.')[2] as string;
      inFlight.set(stream, (inFlight.get(stream) ?? 0) + 1);
      most = Math.max(most, inFlight.get(stream) as number);
      return scheduler.schedule(Promise.resolve(), `${options.msgID} ${fate}`).then(() => {
        inFlight.set(stream, (inFlight.get(stream) as number) - 1);
        if (fate === 'lost') throw timeout();
        const duplicate = stored.includes(options.msgID);
        if (!duplicate) stored.push(options.msgID);
        if (fate === 'storedNoAck') throw timeout();
        return { stream: 'GAVEL', seq: stored.length, duplicate };
      });
    },
  } as unknown as JetStreamClient;
  return { js, stored, mostInFlightPerStream: () => most };
};

/** A batch as the processor hands it: several auctions' events interleaved, each auction's in order. */
const batchArb = fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 14 }).map((picks) => {
  const versions = [0, 0, 0, 0];
  return picks.map((pick) => message(`s${pick}`, ++(versions[pick] as number)));
});

type Publisher = (js: JetStreamClient, messages: readonly RelayMessage[]) => Promise<void>;

const inStreamOrder: Publisher = (js, messages) =>
  publishInStreamOrder(js, messages, { stream: 'GAVEL', timeoutMs: 1_000, onAck: () => {} });

/** The property: publishing a batch until it succeeds (as the processor retries it) stores each message once, each auction's in order. */
const storesOnceInOrder = (publish: Publisher) =>
  fc.asyncProperty(
    fc.scheduler(),
    batchArb,
    fc.array(fc.constantFrom<Fate>('ok', 'ok', 'lost', 'storedNoAck'), { maxLength: 30 }),
    async (scheduler, batch, fates) => {
      const server = fakeJetStream(scheduler, fates);
      const relay = (async () => {
        for (let attempt = 1; attempt <= 50; attempt++) {
          try {
            await publish(server.js, batch);
            return;
          } catch (error) {
            expect(isNatsRelayError(error) || (error as Error).name === 'TimeoutError').toBe(true);
          }
        }
        throw new Error('never published');
      })();
      await scheduler.waitFor(relay);
      expect([...server.stored].sort()).toEqual(batch.map((m) => m.msgId).sort());
      for (const stream of ['s0', 's1', 's2', 's3']) {
        const versions = server.stored
          .filter((id) => id.startsWith(`${stream}@`))
          .map((id) => Number(id.split('@')[1]));
        expect(versions, `${stream} stored as ${server.stored.join(' ')}`).toEqual(
          [...versions].sort((a, b) => a - b),
        );
      }
    },
  );

describe('publishInStreamOrder', () => {
  it('stores each message once and each auction’s in stream order, whatever is lost or completes first', async () => {
    await fc.assert(storesOnceInOrder(inStreamOrder), { numRuns: 300 });
  });

  it('has at most one message of an auction in flight, and several auctions’ at once', async () => {
    let most = 0;
    let concurrent = false;
    const scheduler = { schedule: <T>(p: Promise<T>) => p } as unknown as fc.Scheduler;
    const server = fakeJetStream(scheduler, []);
    const publish = server.js.publish.bind(server.js);
    let inFlight = 0;
    (server.js as { publish: unknown }).publish = async (...args: Parameters<typeof publish>) => {
      inFlight++;
      concurrent ||= inFlight > 1;
      try {
        return await publish(...args);
      } finally {
        inFlight--;
      }
    };
    await inStreamOrder(server.js, [message('s0', 1), message('s1', 1), message('s0', 2), message('s1', 2)]);
    most = server.mostInFlightPerStream();
    expect(most).toBe(1);
    expect(concurrent).toBe(true);
    expect(server.stored).toEqual(['s0@1', 's1@1', 's0@2', 's1@2']);
  });

  it('rejects with the first failure as a NatsRelayError, once every auction has stopped', async () => {
    const scheduler = { schedule: <T>(p: Promise<T>) => p } as unknown as fc.Scheduler;
    const server = fakeJetStream(scheduler, ['ok', 'lost', 'ok', 'ok']);
    const failure = await inStreamOrder(server.js, [
      message('s0', 1),
      message('s1', 1),
      message('s0', 2),
    ]).catch((error: unknown) => error);
    expect(isNatsRelayError(failure) && failure.code).toBe('PUBLISH_TIMEOUT');
    // s1@1 was lost; s0 went on: s0@2 was sent only after s0@1's acknowledgement.
    expect(server.stored).toEqual(['s0@1', 's0@2']);
  });

  it('catches a publisher that sends an auction’s messages without waiting (the property can fail)', async () => {
    const pipelinedBlindly: Publisher = async (js, messages) => {
      await Promise.all(messages.map((m) => js.publish(m.subject, m.body, { msgID: m.msgId })));
    };
    const details = await fc.check(storesOnceInOrder(pipelinedBlindly), { numRuns: 300 });
    expect(details.failed).toBe(true);
  });
});
