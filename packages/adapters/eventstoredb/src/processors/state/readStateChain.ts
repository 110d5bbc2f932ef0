import type { StoredEvent } from '../../client/storeClient';
import { checkCallAlive, type ProcessorCall } from '../processorContext';
import type { StateEntry } from '../processorPort';
import type { StatePointer } from './statePointer';
import { type StateRecord, toStateRecord } from './stateRecord';

/** The most events one read of the state stream asks for. */
const MAX_PAGE = 1_000;

/** Applies records of changes, oldest first, to a state: deletions before sets, as the port says. */
export const applyChanges = (
  state: Map<string, string>,
  changes: { readonly set: readonly StateEntry[]; readonly delete: readonly string[] },
): Map<string, string> => {
  for (const key of changes.delete) state.delete(key);
  for (const [key, value] of changes.set) state.set(key, value);
  return state;
};

/**
 * The state a pointer leads to: walks the state stream backwards from the pointer's head along the
 * records' links to the last snapshot (or to the empty state), then applies the changes forwards. The
 * first read asks for exactly the events the pointer says the walk takes (`events + 1`), so a read costs
 * the snapshot plus the changes since it, never the history before it. Records no lease points to
 * (refused commits) are stepped over. `'broken'` when an event of the walk is gone: a newer snapshot
 * truncated the stream meanwhile (the caller reads the lease record again).
 */
export const readStateChain = async (
  call: ProcessorCall,
  stream: string,
  pointer: StatePointer,
): Promise<Map<string, string> | 'broken'> => {
  const read = new Map<bigint, StoredEvent>();
  const keep = (events: readonly StoredEvent[] | 'stream-not-found'): void => {
    if (events !== 'stream-not-found') for (const event of events) read.set(event.revision, event);
  };
  const partsAt = async (revisions: readonly bigint[]): Promise<readonly StoredEvent[] | undefined> => {
    // Parts are appended in order, so the missing ones lie between the first and the last missing.
    const missing = revisions.filter((revision) => !read.has(revision)).sort((a, b) => (a < b ? -1 : 1));
    const from = missing[0];
    const to = missing.at(-1);
    if (from !== undefined && to !== undefined) {
      checkCallAlive(call);
      keep(await call.withRetry(() => call.client.readForwards(stream, from, Number(to - from) + 1)));
    }
    const parts = revisions.map((revision) => read.get(revision));
    return parts.every((part) => part !== undefined) ? (parts as StoredEvent[]) : undefined;
  };

  const changes: Extract<StateRecord, { kind: 'changes' }>[] = [];
  let base: readonly StateEntry[] = [];
  let page = Math.min(MAX_PAGE, pointer.events + 1);
  for (let at: bigint | null = pointer.head; at !== null; ) {
    if (!read.has(at)) {
      checkCallAlive(call);
      const from = at;
      keep(await call.withRetry(() => call.client.readBackwards(stream, from, page)));
      page = Math.min(MAX_PAGE, Math.max(64, page * 2));
    }
    const event = read.get(at);
    if (event === undefined) return 'broken';
    const record = await toStateRecord(event, partsAt);
    if (record === 'gone') return 'broken';
    if (record.kind === 'snapshot') {
      base = record.entries;
      break;
    }
    changes.push(record);
    at = record.prev;
  }
  const state = new Map(base);
  for (const record of changes.reverse()) applyChanges(state, record);
  return state;
};
