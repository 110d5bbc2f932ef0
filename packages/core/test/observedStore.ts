/**
 * Test-only: a store wrapper that records every call with its options, and whose store underneath can
 * be replaced (as if the stream had been deleted and written again) or made to refuse appends.
 */
import type {
  AppendToStreamOptions,
  EventStore,
  EventToAppend,
  ReadStreamOptions,
} from '../src/eventStore/eventStore';

/** One read seen by an {@link ObservedStore}. */
export interface ObservedRead {
  readonly streamName: string;
  readonly options: ReadStreamOptions | undefined;
}

/** One append seen by an {@link ObservedStore}. */
export interface ObservedAppend {
  readonly streamName: string;
  readonly events: readonly EventToAppend[];
  readonly options: AppendToStreamOptions;
}

/** A store that records its calls; see {@link observedStore}. */
export interface ObservedStore extends EventStore {
  readonly reads: ObservedRead[];
  readonly appends: ObservedAppend[];
  /** From now on, every call goes to `store` instead. */
  replaceWith(store: EventStore): void;
  /** Makes the next `times` appends (all, by default) throw `error` before reaching the store. */
  failAppendsWith(error: unknown, times?: number): void;
}

/** Wraps `inner`, recording every read and append (also the failed ones). */
export const observedStore = (inner: EventStore): ObservedStore => {
  let store = inner;
  const reads: ObservedRead[] = [];
  const appends: ObservedAppend[] = [];
  let failure: { readonly error: unknown; times: number } | null = null;
  return {
    reads,
    appends,
    replaceWith(next) {
      store = next;
    },
    failAppendsWith(error, times = Number.POSITIVE_INFINITY) {
      failure = { error, times };
    },
    readStream(streamName, options) {
      reads.push({ streamName, options });
      return store.readStream(streamName, options);
    },
    async appendToStream(streamName, events, options) {
      appends.push({ streamName, events, options });
      if (failure !== null && failure.times > 0) {
        failure.times--;
        throw failure.error;
      }
      return store.appendToStream(streamName, events, options);
    },
    subscribe: (options) => store.subscribe(options),
    get processors() {
      return store.processors;
    },
    close: () => store.close(),
  };
};
