import type { ProcessorStore } from '@gavel/core';

/**
 * `checkpoints` whose `transact` calls `committed` once a transaction has committed (the store took the
 * checkpoint: `transact` resolved true), after the rows written in it are visible to other connections.
 * A transaction rolled back (refused checkpoint, failed work) calls nothing. Every other call goes to
 * `checkpoints` unchanged; a store without `transact` is answered as it is.
 */
export const notifyingCheckpoints = <TTransaction>(
  checkpoints: ProcessorStore<TTransaction>,
  committed: () => void,
): ProcessorStore<TTransaction> => {
  const { transact, read } = checkpoints;
  if (transact === undefined) return checkpoints;
  return {
    register: (request) => checkpoints.register(request),
    heartbeat: (request) => checkpoints.heartbeat(request),
    acquire: (request) => checkpoints.acquire(request),
    commit: (request) => checkpoints.commit(request),
    release: (request) => checkpoints.release(request),
    readState: (request) => checkpoints.readState(request),
    reset: (processor) => checkpoints.reset(processor),
    headPosition: () => checkpoints.headPosition(),
    transact: async (request, work) => {
      const saved = await transact.call(checkpoints, request, work);
      if (saved) committed();
      return saved;
    },
    ...(read === undefined ? {} : { read: read.bind(checkpoints) }),
  };
};
