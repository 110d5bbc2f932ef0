import { randomUUID } from 'node:crypto';
import {
  type AppendResult,
  type AppendToStreamOptions,
  EventStoreError,
  type EventToAppend,
  VersionConflictError,
} from '@gavel/core';
import { assertAppendToStreamArguments } from '@gavel/core/store';
import { errorKind } from '../client/errorKind';
import type { AppendOutcome } from '../client/storeClient';
import { toExpectedRevision, toVersion } from '../expectedRevision';
import { withDeadline } from '../failures/withDeadline';
import { currentVersion } from '../reading/currentVersion';
import type { StoreContext } from '../storeContext';
import { findRecordedDuplicate } from './findRecordedDuplicate';
import { toEventsToWrite } from './toEventsToWrite';
import { writtenAppendResult } from './writtenAppendResult';

const appendChecked = async (
  context: StoreContext,
  streamName: string,
  events: readonly EventToAppend[],
  { expectedVersion }: AppendToStreamOptions,
): Promise<AppendResult> => {
  const appendId = randomUUID();
  const written = toEventsToWrite(streamName, events, appendId);
  let retried = false;
  let outcome: AppendOutcome;
  try {
    outcome = await context.withRetry(
      () => context.client.append(streamName, written, toExpectedRevision(expectedVersion)),
      () => {
        retried = true;
      },
    );
  } catch (error) {
    if (errorKind(error) === 'invalid-transaction')
      throw new EventStoreError(
        'INVALID_ARGUMENT',
        `some but not all of the appended eventIds are already in stream '${streamName}'`,
        { cause: error },
      );
    throw error;
  }

  if (outcome.kind === 'wrong-expected-version') {
    const actual =
      outcome.actual === undefined ? await currentVersion(context, streamName) : toVersion(outcome.actual);
    if (events.every((event) => event.eventId !== undefined)) {
      const after = typeof expectedVersion === 'number' ? expectedVersion : 0;
      const duplicate = await findRecordedDuplicate(context, streamName, written, after, actual);
      if (duplicate !== null) return duplicate;
    }
    throw new VersionConflictError(streamName, expectedVersion, actual);
  }

  const mayBeRetry = retried || events.some((event) => event.eventId !== undefined);
  if (!mayBeRetry && outcome.position !== undefined)
    return {
      nextExpectedVersion: toVersion(outcome.revision),
      lastPosition: outcome.position,
      duplicate: false,
    };
  return writtenAppendResult(context, streamName, outcome, appendId);
};

/**
 * The store's `appendToStream`: checked arguments, an atomic append at the expected revision (retried
 * after a leader change or a transient error, deduplicated by EventStoreDB through the events' ids),
 * within `timeoutMs`. A wrong expected version is a {@link VersionConflictError}, unless every event is
 * already in the stream (a retry): then `duplicate: true`.
 */
export const appendEvents = async (
  context: StoreContext,
  streamName: string,
  events: readonly EventToAppend[],
  options: AppendToStreamOptions,
): Promise<AppendResult> => {
  context.ensureOpen();
  assertAppendToStreamArguments(streamName, events, options);
  return withDeadline(context.timeoutMs, 'append', true, () =>
    appendChecked(context, streamName, events, options),
  );
};
