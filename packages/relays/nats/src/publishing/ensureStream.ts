import type { JetStreamManager, StreamInfo } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { apiCodeOf, NatsRelayError, toNatsRelayError } from '../natsRelayError';
import { MIN_DUPLICATE_WINDOW_MS } from '../relayOptions';
import { subjectCovers } from './subjectCovers';

const STREAM_NOT_FOUND = 10059;
const STREAM_NAME_IN_USE = 10058;
const SUBJECTS_OVERLAP = 10065;

/** The stream as the relay found or made it. */
export interface StreamSetup {
  /** Its duplicate window, in ms. */
  readonly duplicateWindowMs: number;
}

/** What {@link ensureStream} needs to know. */
export interface StreamWanted {
  readonly stream: string;
  readonly subjectPrefix: string;
  readonly replicas: number;
  readonly duplicateWindowMs: number;
}

const readInfo = async (jsm: JetStreamManager, stream: string): Promise<StreamInfo | null> => {
  try {
    return await jsm.streams.info(stream);
  } catch (error) {
    if (apiCodeOf(error) === STREAM_NOT_FOUND) return null;
    throw toNatsRelayError(error, `reading the stream ${stream}`);
  }
};

const create = async (jsm: JetStreamManager, wanted: StreamWanted): Promise<StreamInfo> => {
  try {
    return await jsm.streams.add({
      name: wanted.stream,
      subjects: [`${wanted.subjectPrefix}.>`],
      duplicate_window: nanos(wanted.duplicateWindowMs),
      num_replicas: wanted.replicas,
    });
  } catch (error) {
    // Another relay process made it meanwhile (with another configuration): take it as it is.
    if (apiCodeOf(error) === STREAM_NAME_IN_USE) {
      const info = await readInfo(jsm, wanted.stream);
      if (info !== null) return info;
    }
    if (apiCodeOf(error) === SUBJECTS_OVERLAP)
      throw new NatsRelayError(
        'STREAM_MISCONFIGURED',
        `the stream ${wanted.stream} cannot be created: another stream takes subjects under ${wanted.subjectPrefix}.> (give the relay that stream, or another subjectPrefix)`,
        { cause: error, apiCode: SUBJECTS_OVERLAP },
      );
    throw toNatsRelayError(error, `creating the stream ${wanted.stream}`);
  }
};

/**
 * Finds the relay's stream, or creates it (subjects `<subjectPrefix>.>`, the duplicate window and
 * replicas wanted). An existing stream is used as it is if it takes the relay's subjects and keeps
 * message ids for at least 2 minutes; otherwise `STREAM_MISCONFIGURED` (the relay does not change a
 * stream it did not make).
 * @throws NatsRelayError
 */
export const ensureStream = async (jsm: JetStreamManager, wanted: StreamWanted): Promise<StreamSetup> => {
  const info = (await readInfo(jsm, wanted.stream)) ?? (await create(jsm, wanted));
  const relaySubjects = `${wanted.subjectPrefix}.>`;
  const subjects = info.config.subjects ?? [];
  if (!subjects.some((subject) => subjectCovers(subject, relaySubjects)))
    throw new NatsRelayError(
      'STREAM_MISCONFIGURED',
      `the stream ${wanted.stream} takes ${JSON.stringify(subjects)}, not the relay's ${relaySubjects}: add it to the stream's subjects, or give the relay another stream or subjectPrefix`,
    );
  const duplicateWindowMs = (info.config.duplicate_window ?? 0) / 1_000_000;
  if (duplicateWindowMs < MIN_DUPLICATE_WINDOW_MS)
    throw new NatsRelayError(
      'STREAM_MISCONFIGURED',
      `the stream ${wanted.stream} keeps message ids for ${duplicateWindowMs} ms: a relay needs a duplicate window of at least ${MIN_DUPLICATE_WINDOW_MS} ms, or re-sends after a crash would be stored twice`,
    );
  return { duplicateWindowMs };
};
