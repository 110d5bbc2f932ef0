import type { AppendResult } from '@gavel/core';
import type { PreparedAppend } from './appendEvents';

/** An append waiting in the group append's queue, or sent in a batch and waiting for its outcome. */
export interface QueuedAppend {
  readonly prepared: PreparedAppend;
  /** How many events it appends. */
  readonly events: number;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
  /** Rejects it with `TIMEOUT` `timeoutMs` after the call. */
  readonly timer: NodeJS.Timeout;
  /** True once its batch left: from then on a failure may have written it. */
  sent: boolean;
  /** True once answered: later outcomes are dropped. */
  settled: boolean;
}

/** The outcome of one append: its result, or the error it rejects with. */
export type AppendOutcome = { readonly result: AppendResult } | { readonly error: unknown };

/** Answers `append` with `outcome`, unless it is answered already. */
export const settleAppend = (append: QueuedAppend, outcome: AppendOutcome): void => {
  if (append.settled) return;
  append.settled = true;
  clearTimeout(append.timer);
  if ('result' in outcome) append.resolve(outcome.result);
  else append.reject(outcome.error);
};
