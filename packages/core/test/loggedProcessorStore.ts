import type { ProcessorStore } from '../src/index';
import { type HandledLogLine, wallClock } from './handledLog';

/**
 * Test-only: a processor store that logs what the store answered about leases and checkpoints, so the
 * checks can tell which lease each batch ran under: every `acquire` (sent, answered, token, expiry), every
 * `heartbeat` (sent, answered, the leases it says this owner holds), every `release` (when asked) and
 * every `commit` (its token and whether the store took it). Expiries are on the store's lease clock
 * (epoch ms), which on one machine is the clock of {@link wallClock}. (Without `transact` and `read`:
 * for processors that are not transactional.)
 */
export const loggedProcessorStore = <T>(
  store: ProcessorStore<T>,
  log: (line: HandledLogLine) => void,
): ProcessorStore<T> => ({
  register: (request) => store.register(request),
  reset: (processor) => store.reset(processor),
  readState: (request) => store.readState(request),
  headPosition: () => store.headPosition(),
  acquire: async (request) => {
    const at = wallClock();
    const lease = await store.acquire(request);
    log({
      t: 'acquire',
      p: request.partition,
      at,
      answeredAt: wallClock(),
      token: lease?.token ?? null,
      expiresAt: lease?.expiresAt ?? null,
    });
    return lease;
  },
  heartbeat: async (request) => {
    const at = wallClock();
    const beat = await store.heartbeat(request);
    log({
      t: 'beat',
      at,
      answeredAt: wallClock(),
      now: beat.now,
      held: beat.leases
        .filter((lease) => lease.owner === request.owner && lease.expiresAt > beat.now)
        .map((lease) => [lease.partition, lease.token, lease.expiresAt] as const),
    });
    return beat;
  },
  release: (request) => {
    log({ t: 'release', ps: [...request.partitions], at: wallClock() });
    return store.release(request);
  },
  commit: async (request) => {
    const at = wallClock();
    const saved = await store.commit(request);
    log({
      t: 'commit',
      p: request.partition,
      token: request.token,
      position: String(request.position),
      at,
      answeredAt: wallClock(),
      saved,
    });
    return saved;
  },
});
