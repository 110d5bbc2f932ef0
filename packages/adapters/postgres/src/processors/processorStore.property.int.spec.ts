import type { PartitionLease } from '@gavel/core';
import { type CheckpointCommit, createInMemoryProcessorStore, type ProcessorStore } from '@gavel/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seeded } from '../../../../core/test/fastCheckSeed';
import { useTestSchema } from '../../test/testSchema';

const { open } = useTestSchema('gavel_proc_prop');
const OWNERS = ['a', 'b', 'c'] as const;
type Owner = (typeof OWNERS)[number];
/** Each owner talks through a store instance of its own (its own pool), as separate processes would. */
const stores: Record<Owner, ReturnType<typeof open>> = {
  a: open({ poolSize: 2 }),
  b: open({ poolSize: 2 }),
  c: open({ poolSize: 2 }),
};
const PARTITIONS = 3;
/**
 * Time is modelled away: every lease and membership lasts an hour, so none lapses during a run on
 * either store, and leases end only by an explicit release, which both stores apply at once.
 */
const LEASE_MS = 3_600_000;
const KEYS = ['k0', 'k1', 'k2', 'k3'];

type Operation =
  | { readonly kind: 'acquire'; readonly owner: Owner; readonly partition: number }
  | {
      readonly kind: 'commit' | 'transact';
      readonly owner: Owner;
      readonly partition: number;
      /** Relative to the last token the owner got for the partition: stale (-1), its own (0), ahead (+1). */
      readonly tokenOffset: number;
      readonly position: number;
      readonly set: readonly (readonly [string, string])[];
      readonly deleted: readonly string[];
    }
  | {
      readonly kind: 'release';
      readonly owner: Owner;
      readonly partitions: readonly number[];
      readonly leave: boolean;
    }
  | { readonly kind: 'heartbeat'; readonly owner: Owner }
  | { readonly kind: 'readState'; readonly partition: number };

const owner = fc.constantFrom(...OWNERS);
/** Sometimes one out of range: both stores refuse it alike. */
const partition = fc.integer({ min: 0, max: PARTITIONS });
const operation: fc.Arbitrary<Operation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('acquire' as const), owner, partition }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constantFrom('commit' as const, 'transact' as const),
      owner,
      partition,
      tokenOffset: fc.constantFrom(0, 0, 0, -1, 1),
      position: fc.nat(40),
      set: fc.array(fc.tuple(fc.constantFrom(...KEYS), fc.string({ maxLength: 3 })), { maxLength: 3 }),
      deleted: fc.array(fc.constantFrom(...KEYS), { maxLength: 2 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('release' as const),
      owner,
      // In range only: the in-memory store frees the partitions before an out-of-range one and then
      // throws, where PostgreSQL refuses the whole call.
      partitions: fc.uniqueArray(fc.nat(PARTITIONS - 1), { maxLength: PARTITIONS }),
      leave: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('heartbeat' as const), owner }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('readState' as const), partition }) },
);

/** A lease without its expiry instant (each store has its own clock), but with whether it is live. */
const leaseView = (lease: PartitionLease | null, now: number) =>
  lease === null
    ? null
    : {
        partition: lease.partition,
        owner: lease.owner,
        token: lease.token,
        checkpoint: lease.checkpoint,
        live: lease.expiresAt > now,
      };

/** What a caller sees of a call: its value, or its error's code. */
const outcome = <T>(call: Promise<T>) =>
  call.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, code: (error as { code?: unknown }).code }),
  );

/** Runs one operation on one store; `tokens` are the tokens each owner last got (from this store). */
const apply = async (
  processors: Pick<ProcessorStore, 'acquire' | 'commit' | 'release' | 'heartbeat' | 'readState'>,
  processor: string,
  op: Operation,
  tokens: Map<string, number>,
  transact: ((request: CheckpointCommit) => Promise<boolean>) | undefined,
) => {
  switch (op.kind) {
    case 'acquire':
      return outcome(
        processors
          .acquire({ processor, owner: op.owner, partition: op.partition, leaseMs: LEASE_MS })
          .then((lease) => {
            if (lease !== null) tokens.set(`${op.owner}/${op.partition}`, lease.token);
            return leaseView(lease, Date.now() - 60_000);
          }),
      );
    case 'commit':
    case 'transact': {
      const token = Math.max(0, (tokens.get(`${op.owner}/${op.partition}`) ?? 0) + op.tokenOffset);
      const request = {
        processor,
        partition: op.partition,
        token,
        position: BigInt(op.position),
        changes: { set: op.set, delete: op.deleted },
      };
      return outcome(
        op.kind === 'transact' && transact !== undefined ? transact(request) : processors.commit(request),
      );
    }
    case 'release':
      return outcome(
        processors.release({ processor, owner: op.owner, partitions: op.partitions, leave: op.leave }),
      );
    case 'heartbeat':
      return outcome(
        processors.heartbeat({ processor, owner: op.owner, leaseMs: LEASE_MS }).then((beat) => ({
          members: beat.members,
          leases: beat.leases.map((lease) => leaseView(lease, beat.now)),
        })),
      );
    case 'readState':
      return outcome(
        processors.readState({ processor, partition: op.partition }).then((state) => [...state].sort()),
      );
  }
};

describe('the PostgreSQL processor store against the in-memory reference (property)', () => {
  it('answers any sequence of calls from 3 owners as the in-memory store does', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(5),
        fc.array(operation, { minLength: 1, maxLength: 30 }),
        async (initial, operations) => {
          const processor = `prop${globalThis.crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
          // The reference: core's in-memory processor store.
          const model = createInMemoryProcessorStore({ headPosition: () => 0n, ensureOpen: () => {} });
          const request = { processor, partitions: PARTITIONS, initialCheckpoint: BigInt(initial) };
          await stores.a.processors.register(request);
          await model.register(request);
          const pgTokens = new Map<string, number>();
          const modelTokens = new Map<string, number>();
          for (const [index, op] of operations.entries()) {
            const via = stores['owner' in op ? op.owner : 'a'].processors;
            const actual = await apply(via, processor, op, pgTokens, (commit) =>
              via.transact(commit, async (tx) => {
                await tx.query('SELECT 1');
              }),
            );
            const expected = await apply(model, processor, op, modelTokens, undefined);
            expect(actual, `operation ${index}: ${JSON.stringify(op)}`).toEqual(expected);
          }
          // And the end state, as a newcomer sees it.
          const last = { kind: 'heartbeat', owner: 'c' } as const;
          expect(await apply(stores.c.processors, processor, last, pgTokens, undefined)).toEqual(
            await apply(model, processor, last, modelTokens, undefined),
          );
        },
      ),
      seeded(60),
    );
  }, 120_000);
});
