import {
  type AuctionCloser,
  type AuctionService,
  createAuctionCloser,
  createAuctionService,
  createPartitionPublicProjections,
  createProcessor,
  type Processor,
  sleep,
} from '@gavel/core';
import { createFaultyStore } from './faultyStore';
import type { Feed } from './feed';
import { simMask } from './feed';
import type { HandledLog } from './handledLog';
import type { SimScope } from './simTime';
import type { World } from './world';

/** The lease of every processor of a run, in ms. */
export const LEASE_MS = 2_000;
/** The longest wait between a closer's retries, in ms. */
export const CLOSER_RETRY_MAX_MS = 2_000;
/** The service's deadline per command, in ms. */
export const SERVICE_TIMEOUT_MS = 5_000;

/** One simulated process: a service, a closer and two processors, on its own connection to the store. */
export interface Instance {
  readonly name: string;
  readonly service: AuctionService;
  alive(): boolean;
  /** Kills the process: its memory is gone, its timers never fire, its calls are never answered. */
  crash(): void;
}

/** What every instance of a run shares. */
export interface InstanceParts {
  readonly world: World;
  readonly feed: Feed;
  /** The log of the `sim-audit` processor's handlers. */
  readonly audit: HandledLog;
}

const quiet = (world: World, who: string) => (error: { code: string; message: string }) =>
  world.trace.add(`${who} error ${error.code}: ${error.message}@${world.time.now()}`);

/**
 * Starts a process `name` (its `generation`-th life): a service on the store; a closer (4 partitions);
 * `sim-audit`, a processor whose handler checks that it sees every event once in order and is sometimes
 * slow or failing; `sim-feed`, a processor that turns events into public changes with core's partition
 * projections and publishes them to the feed. Every timer is on the process's own scope.
 */
export const startInstance = (parts: InstanceParts, name: string, generation: number): Instance => {
  const { world, feed, audit } = parts;
  const { time, prng } = world;
  const scope: SimScope = time.scope();
  const label = `${name}.${generation}`;
  const random = prng.fork(`${label}.random`);
  const store = createFaultyStore({
    store: world.database,
    time,
    scope,
    prng: prng.fork(`${label}.store`),
    settings: world.settings,
    faults: world.faults,
    trace: world.trace,
    label,
    leases: world.leases,
    onUnfenced: (problem) => world.violate('lease-fencing', problem),
  });
  const service = createAuctionService({
    store,
    clock: time.clock,
    now: time.now,
    scheduler: scope.scheduler,
    random: random.next,
    timeoutMs: SERVICE_TIMEOUT_MS,
  });
  const processorTiming = (processor: string) => ({
    scheduler: scope.scheduler,
    now: time.now,
    owner: `${label}.${processor}`,
  });
  const closer: AuctionCloser = createAuctionCloser({
    store,
    service,
    clock: time.clock,
    scheduler: scope.scheduler,
    random: random.next,
    retry: { initialDelayMs: 100, maxDelayMs: CLOSER_RETRY_MAX_MS },
    partitions: 4,
    leaseMs: LEASE_MS,
    processor: processorTiming('closer'),
    onError: quiet(world, `${label} closer`),
  });
  const handlerPrng = prng.fork(`${label}.handler`);
  /** Per partition owned, the last version of each stream handled, as the partition's state keeps it. */
  const auditStates = new Map<number, Map<string, number>>();
  const auditProcessor: Processor = createProcessor({
    store,
    name: 'sim-audit',
    category: 'auction',
    partitions: 4,
    leaseMs: LEASE_MS,
    batchSize: 5,
    ...processorTiming('audit'),
    random: random.next,
    retry: { initialDelayMs: 50, maxDelayMs: 1_000 },
    onError: quiet(world, `${label} audit`),
    onAssigned: (partition, state) => {
      auditStates.set(partition, new Map([...state].map(([stream, version]) => [stream, Number(version)])));
    },
    onRevoked: (partition) => auditStates.delete(partition),
    handle: async (events, { partition, state }) => {
      audit.check(events);
      const known = auditStates.get(partition) ?? new Map<string, number>();
      const handled = new Map<string, number>();
      for (const event of events) {
        const stream = event.streamName;
        const last = handled.get(stream) ?? known.get(stream) ?? 0;
        if (event.streamVersion <= last) continue; // a redelivery: handled already
        if (event.streamVersion > last + 1)
          world.violate(
            'processor-state',
            `${label} sim-audit partition ${partition}: ${stream} v${event.streamVersion} comes after v${last} of its saved state (the checkpoint is past events the state never took)`,
          );
        handled.set(stream, event.streamVersion);
      }
      if (world.faults.on && handlerPrng.chance(0.03)) throw new Error('simulated: the handler failed');
      if (handlerPrng.chance(0.2)) await sleep(handlerPrng.int(1, 400), undefined, scope.scheduler);
      for (const [stream, version] of handled) {
        known.set(stream, version);
        state.set(stream, String(version));
      }
      audit.handled(events);
    },
  });
  const projections = createPartitionPublicProjections({ store, mask: simMask });
  const feedProcessor: Processor = createProcessor({
    store,
    name: 'sim-feed',
    category: 'auction',
    partitions: 2,
    leaseMs: LEASE_MS,
    batchSize: 4,
    ...processorTiming('feed'),
    random: random.next,
    retry: { initialDelayMs: 50, maxDelayMs: 1_000 },
    onError: quiet(world, `${label} feed`),
    onAssigned: projections.assign,
    onRevoked: projections.revoke,
    handle: async (events, { partition, state }) => {
      const batch = await projections.project(partition, events);
      if (handlerPrng.chance(0.1)) await sleep(handlerPrng.int(1, 300), undefined, scope.scheduler);
      await feed.publish(events, batch.changes);
      batch.keep(state);
    },
  });
  for (const [what, start] of [
    ['closer', closer.start],
    ['audit', auditProcessor.start],
    ['feed', feedProcessor.start],
  ] as const)
    start().catch((error: unknown) =>
      world.violate(
        'start',
        `${label} ${what} could not start: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
  world.trace.add(`${label} started@${time.now()}`);
  return {
    name: label,
    service,
    alive: scope.alive,
    crash: () => {
      scope.kill();
      world.trace.add(`${label} crashed@${time.now()}`);
    },
  };
};
