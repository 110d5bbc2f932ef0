// @gavel/core/store: helpers for the authors of event stores and processor stores, so that every store
// checks its arguments, its expected versions and its text alike (and passes @gavel/core/conformance).
// Users of a store need none of it: the store port itself (`EventStore`, `EventStoreError`, …) is in
// @gavel/core.
export { assertAppendToStreamArguments } from '../eventStore/assertAppendToStreamArguments';
export { assertReadStreamArguments } from '../eventStore/assertReadStreamArguments';
export {
  assertExpectedVersion,
  isExpectedVersion,
  matchesExpectedVersion,
} from '../eventStore/expectedVersion';
export { isStorableText, MAX_STREAM_NAME_LENGTH } from '../eventStore/storableText';
export { assertCheckpointCommit, assertProcessorRequest } from '../processing/index';
