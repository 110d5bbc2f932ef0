import { INTERNAL_STREAM_PREFIX } from '../internalStreams';

/**
 * The streams of one generation of a processor (a generation lasts from a registration to the next
 * reset). Processor names are `[A-Za-z0-9_.-]`, so `/` keeps every name apart.
 */
export interface GenerationStreams {
  /** The live members: one event, the whole map of member → until when. */
  readonly members: string;
  /** A partition's lease and checkpoint: its last event is the partition's whole record. */
  readonly lease: (partition: number) => string;
  /** A partition's state: changes and snapshots, linked from the lease record. */
  readonly state: (partition: number) => string;
}

/** The stream of a processor's registrations and resets: `gavel.processor-<name>`. */
export const registryStream = (processor: string): string => `${INTERNAL_STREAM_PREFIX}${processor}`;

/** The streams of a generation: `gavel.processor-<name>/<generation>/…`. */
export const generationStreams = (processor: string, generation: number): GenerationStreams => {
  const base = `${registryStream(processor)}/${generation}`;
  return {
    members: `${base}/members`,
    lease: (partition) => `${base}/partition-${partition}`,
    state: (partition) => `${base}/state-${partition}`,
  };
};
