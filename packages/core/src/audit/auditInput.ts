import type { EventMetadata } from '../auction/events';

/**
 * An event of one auction stream as the audit reads it: a recorded event (`streamVersion`, `eventId`,
 * `metadata` are used when present) or a decided one (`{ type, data }`, numbered by its place).
 */
export interface AuditInputEvent {
  readonly type: string;
  readonly data: unknown;
  readonly metadata?: EventMetadata;
  readonly eventId?: string;
  readonly streamVersion?: number;
}
