import { AckPolicy, DeliverPolicy, type JetStreamManager } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { apiCodeOf } from '../natsRelayError';

const CONSUMER_NOT_FOUND = 10014;

/** The durable consumer a service reads through. */
export interface DurableConsumerWanted {
  readonly stream: string;
  readonly durable: string;
  readonly filterSubject: string | undefined;
  readonly ackWaitMs: number;
  readonly maxAckPending: number;
}

/**
 * Creates the durable pull consumer when it does not exist: explicit acknowledgements, every message
 * of the stream from its first (or of `filterSubject`), no limit on redeliveries. An existing one is
 * used as it is (JetStream keeps its progress; two processes creating it at once make one).
 */
export const ensureDurableConsumer = async (
  jsm: JetStreamManager,
  wanted: DurableConsumerWanted,
): Promise<void> => {
  try {
    await jsm.consumers.info(wanted.stream, wanted.durable);
    return;
  } catch (error) {
    if (apiCodeOf(error) !== CONSUMER_NOT_FOUND) throw error;
  }
  await jsm.consumers.add(wanted.stream, {
    durable_name: wanted.durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(wanted.ackWaitMs),
    max_ack_pending: wanted.maxAckPending,
    max_deliver: -1,
    ...(wanted.filterSubject === undefined ? {} : { filter_subject: wanted.filterSubject }),
  });
};
