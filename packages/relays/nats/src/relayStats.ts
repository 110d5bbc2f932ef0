import type { ProcessorStats } from '@gavel/core';
import type { NatsRelayErrorCode } from './natsRelayError';

/** What a relay's `stats()` answers: its processor's stats, and what went to JetStream. */
export interface NatsRelayStats extends ProcessorStats {
  /** The JetStream stream it publishes to. */
  readonly stream: string;
  /** Messages JetStream stored since `start()` (acknowledged, not as duplicates). */
  readonly published: number;
  /** Messages JetStream acknowledged as duplicates: re-sent after a failure or a crash, and dropped by their `Nats-Msg-Id`. */
  readonly duplicates: number;
  /** Messages not sent because the stream already held them (found by looking it up, for events older than half the duplicate window). */
  readonly alreadyStored: number;
  /** The last failure to publish, as data, while it lasts (cleared by the next batch published). */
  readonly lastRelayError?: {
    readonly code: NatsRelayErrorCode;
    readonly message: string;
    readonly at: number;
  };
}
