import type {
  AppendResult,
  EventStore,
  ProcessorStore,
  SubscribeOptions,
  SubscriptionMessage,
} from '@gavel/core';
import { EventStoreError } from '@gavel/core';
import type { FaultSettings } from './faultSettings';
import type { LeaseHolders } from './leaseHolders';
import type { Prng } from './prng';
import type { SimScope, SimTime } from './simTime';
import type { Trace } from './trace';

/** Whether the faults strike now (they stop when the run heals). */
export interface FaultSwitch {
  on: boolean;
}

/** What {@link createFaultyStore} needs. */
export interface FaultyStoreOptions {
  /** The store every process shares (the database). */
  readonly store: EventStore;
  readonly time: SimTime;
  /** The process this view of the store belongs to: once it is dead, no call of it is answered. */
  readonly scope: SimScope;
  readonly prng: Prng;
  readonly settings: FaultSettings;
  readonly faults: FaultSwitch;
  readonly trace: Trace;
  /** The process's name in the trace. */
  readonly label: string;
  /** Who holds each lease, as the database grants them: the commits it accepts are checked against it. */
  readonly leases?: LeaseHolders;
  /** Reports a checkpoint the database accepted from another owner than the lease's holder. */
  readonly onUnfenced?: (problem: string) => void;
}

/** How one call goes: when the database does it (if at all), when and how it is answered. */
interface CallPlan {
  readonly done: boolean;
  readonly doneAfter: number;
  readonly answerAfter: number;
  readonly error: EventStoreError | null;
}

const never = new Promise<never>(() => {});

/**
 * One process's connection to the shared store, with faults drawn from the seed: calls fail
 * (`UNAVAILABLE`, `BUSY`, `TIMEOUT` with or without `mayHaveWritten`), are slow, or come back in another
 * order than they were made (each is done by the database at one moment and answered at a later one,
 * on the simulated clock). A request already sent is done by the database even if its process dies;
 * the answer reaches only a live process. The processors' store (leases, checkpoints) gets the same faults.
 */
export const createFaultyStore = (options: FaultyStoreOptions): EventStore => {
  const { store, time, scope, prng, settings, faults, trace, label } = options;

  const plan = (call: string, append: boolean): CallPlan => {
    const on = faults.on;
    let latency = 0;
    if (on && prng.chance(settings.slow)) latency = prng.int(500, 4_000);
    else if (on && prng.chance(settings.delayed)) latency = prng.int(1, 60);
    const doneAfter = latency === 0 ? 0 : prng.int(0, latency);
    let error: EventStoreError | null = null;
    let done = true;
    if (on) {
      const roll = prng.next();
      const busyEdge = settings.unavailable + (append ? settings.busy : 0);
      const timeoutEdge = busyEdge + settings.timeout;
      if (roll < settings.unavailable) {
        error = new EventStoreError('UNAVAILABLE', `simulated: ${call} could not reach the database`);
        done = false;
      } else if (roll < busyEdge) {
        error = new EventStoreError('BUSY', `simulated: ${call} gave up waiting for the write lock`);
        done = false;
      } else if (roll < timeoutEdge) {
        error = new EventStoreError('TIMEOUT', `simulated: ${call} timed out before it was sent`);
        done = false;
      } else if (roll < timeoutEdge + settings.timeoutMayHaveWritten) {
        done = prng.chance(0.5);
        error = new EventStoreError('TIMEOUT', `simulated: ${call} timed out after it was sent`, {
          mayHaveWritten: append,
        });
      }
    }
    if (error !== null) trace.add(`${label} ${call} ${error.code}${done ? ' done' : ''}@${time.now()}`);
    else if (latency > 0) trace.add(`${label} ${call} +${latency}@${time.now()}`);
    return { done, doneAfter, answerAfter: latency, error };
  };

  /** Runs `operation` as the plan says; resolves (or rejects) only while the process lives. */
  const call = <T>(name: string, append: boolean, operation: () => Promise<T>): Promise<T> => {
    if (!scope.alive()) return never;
    const { done, doneAfter, answerAfter, error } = plan(name, append);
    if (answerAfter === 0) {
      if (!done) return Promise.reject(error);
      const result = operation();
      return error === null ? result : result.then(() => Promise.reject(error));
    }
    return new Promise<T>((resolve, reject) => {
      let outcome: Promise<T> | undefined;
      if (done)
        time.scheduler.setTimeout(() => {
          outcome = operation();
          outcome.catch(() => {});
        }, doneAfter);
      scope.scheduler.setTimeout(() => {
        if (error !== null) reject(error);
        else (outcome as Promise<T>).then(resolve, reject);
      }, answerAfter);
    });
  };

  const subscribe = (subscribeOptions?: SubscribeOptions): AsyncIterable<SubscriptionMessage> => ({
    async *[Symbol.asyncIterator]() {
      if (!scope.alive()) await never;
      for await (const message of store.subscribe(subscribeOptions)) {
        if (!scope.alive()) await never;
        if (faults.on && prng.chance(settings.subscriptionDrop)) {
          trace.add(`${label} subscription dropped@${time.now()}`);
          throw new EventStoreError('UNAVAILABLE', 'simulated: the subscription dropped');
        }
        yield message;
      }
    },
  });

  const inner: ProcessorStore = store.processors;
  const { leases, onUnfenced } = options;
  /** This process's member id per processor name (its requests name it; a checkpoint does not). */
  const owners = new Map<string, string>();
  const processors: ProcessorStore = {
    register: (request) => call('register', false, () => inner.register(request)),
    heartbeat: (request) => {
      owners.set(request.processor, request.owner);
      return call('heartbeat', false, () => inner.heartbeat(request));
    },
    acquire: (request) => {
      owners.set(request.processor, request.owner);
      return call(`acquire ${request.partition}`, false, async () => {
        const lease = await inner.acquire(request);
        if (lease !== null) leases?.granted(request.processor, request.partition, request.owner, lease.token);
        return lease;
      });
    },
    commit: (request) =>
      call(`commit ${request.processor} ${request.partition}`, false, async () => {
        const saved = await inner.commit(request);
        const owner = owners.get(request.processor);
        const problem = saved
          ? leases?.accepted(request.processor, request.partition, owner, request.token)
          : null;
        if (problem !== undefined && problem !== null) onUnfenced?.(problem);
        return saved;
      }),
    release: (request) =>
      call('release', false, async () => {
        await inner.release(request);
        leases?.released(request.processor, request.partitions, request.owner);
      }),
    readState: (request) => call(`readState ${request.partition}`, false, () => inner.readState(request)),
    headPosition: () => call('headPosition', false, () => inner.headPosition()),
    reset: (processor) => call('reset', false, () => inner.reset(processor)),
  };

  return {
    readStream: (streamName, readOptions) =>
      call(`read ${streamName}`, false, () => store.readStream(streamName, readOptions)),
    appendToStream: (streamName, events, appendOptions): Promise<AppendResult> =>
      call(`append ${streamName}`, true, () => store.appendToStream(streamName, events, appendOptions)),
    subscribe,
    processors,
    timeoutMs: store.timeoutMs ?? 10_000,
    close: async () => {},
  };
};
