import type { CheckpointCommit } from '@gavel/core';
import { findLease } from './findLease';
import type { ProcessorStatements } from './processorStatements';

/**
 * The fence, inside a write transaction: true while `token` is still the partition's (nobody took it
 * since); `INVALID_ARGUMENT` for an unknown processor or partition.
 */
export const holdsToken = (statements: ProcessorStatements, commit: CheckpointCommit): boolean =>
  findLease(statements, commit.processor, commit.partition).token === commit.token;

/** Moves the checkpoint (never back) and applies the state changes: deletes first, then sets. */
export const writeCheckpoint = (
  statements: ProcessorStatements,
  { processor, partition, position, changes }: CheckpointCommit,
): void => {
  statements.moveCheckpoint.run(position, processor, partition);
  for (const key of changes?.delete ?? []) statements.deleteState.run(processor, partition, key);
  for (const [key, value] of changes?.set ?? []) statements.setState.run(processor, partition, key, value);
};

/**
 * `processors.commit`, inside a write transaction: the checkpoint and the state changes if the token
 * still holds, else nothing (false).
 */
export const commitCheckpoint = (statements: ProcessorStatements, commit: CheckpointCommit): boolean => {
  if (!holdsToken(statements, commit)) return false;
  writeCheckpoint(statements, commit);
  return true;
};
