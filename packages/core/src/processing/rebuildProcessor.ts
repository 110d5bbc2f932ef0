import { EventStoreError, isEventStoreError } from '../eventStore/eventStoreError';
import { InvalidOptionsError } from '../options/invalidOptionsError';
import { processorNameProblem } from './processorArguments';
import type { ProcessorStore } from './processorStore';

/** Options of {@link rebuildProcessor}. */
export interface RebuildProcessorOptions {
  /** Where the processor keeps its checkpoints: `store.processors`, or its `checkpoints` option. */
  readonly checkpoints: ProcessorStore<unknown>;
  /** The processor's name. */
  readonly name: string;
  /** Empties what the processor built (its read model's tables). Runs before the checkpoints go. */
  readonly clear?: () => Promise<void>;
}

/** The owner id the rebuild uses to look at the members (it is a member for 1 ms). */
const REBUILDER = 'gavel-rebuild';

/**
 * Rebuilds what a processor built from the whole history: refuses while any process runs the processor
 * (stop them first), empties its read model (`clear`), then deletes its checkpoints, leases and
 * partition state (`reset`). The next `start()` of the processor handles the history again from its
 * `from` (`'start'` by default) into the empty read model. Clearing first means that a failure between
 * the two steps leaves checkpoints that a restart resumes from, never checkpoints over an empty model.
 *
 * @throws InvalidOptionsError (a rejection) for a malformed `name`; EventStoreError `INVALID_ARGUMENT`
 *   while the processor has live members; or the store's error
 *
 * @example
 * await rebuildProcessor({ checkpoints: store.processors, name: 'bid-counts', clear: () => dropBidCounts() });
 */
export const rebuildProcessor = async (options: RebuildProcessorOptions): Promise<void> => {
  const { checkpoints, name } = options;
  const nameProblem = processorNameProblem(name);
  if (nameProblem !== null) throw new InvalidOptionsError('name', nameProblem);
  let running: readonly string[] = [];
  try {
    const beat = await checkpoints.heartbeat({ processor: name, owner: REBUILDER, leaseMs: 1 });
    running = beat.members.filter((member) => member !== REBUILDER);
  } catch (error) {
    // The request is well formed, so INVALID_ARGUMENT means the processor was never registered: it
    // has no checkpoints to reset. Anything else is the store's failure.
    if (!(isEventStoreError(error) && error.code === 'INVALID_ARGUMENT')) throw error;
  }
  if (running.length > 0)
    throw new EventStoreError(
      'INVALID_ARGUMENT',
      `processor '${name}' is running in ${running.length} process(es): stop them before a rebuild`,
    );
  await options.clear?.();
  await checkpoints.reset(name);
};
