import type { ExecuteResult } from './executeResult';
import type { NormalizedCommand } from './normalizeCommand';

/**
 * A command on its way through its auction's lane: what it asks, the functions of the promise
 * `execute` returned, and its deadline. It is answered once: with its outcome, a store failure, or
 * `TIMEOUT` at its deadline, whichever comes first; the others are dropped.
 */
export interface PendingCommand {
  readonly normalized: NormalizedCommand;
  readonly resolve: (result: ExecuteResult | PromiseLike<ExecuteResult>) => void;
  readonly reject: (error: unknown) => void;
  /** When it answers `TIMEOUT` unless answered before, on the service's `now` clock (ms). */
  readonly deadline: number;
  /** True once answered: it is then neither decided nor written again. */
  answered: boolean;
}

/** Answers `pending` with `result`, unless it is answered already. */
export const answer = (pending: PendingCommand, result: ExecuteResult): void => {
  if (pending.answered) return;
  pending.answered = true;
  pending.resolve(result);
};

/** Rejects `pending` with `error`, unless it is answered already. */
export const fail = (pending: PendingCommand, error: unknown): void => {
  if (pending.answered) return;
  pending.answered = true;
  pending.reject(error);
};

const isUnanswered = (pending: PendingCommand): boolean => !pending.answered;

/** The commands of `batch` still waiting for their answer: `batch` itself when that is all of them. */
export const unanswered = (batch: readonly PendingCommand[]): readonly PendingCommand[] => {
  for (const pending of batch) if (pending.answered) return batch.filter(isUnanswered);
  return batch;
};
