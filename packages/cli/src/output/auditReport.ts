import type { Finding, TimelineEntry } from '@gavel/core/audit';

/** Where an auction stood at a moment. */
export interface Standing {
  /** The moment (epoch ms): `--at`, or the last event's time. */
  readonly at: number;
  readonly status: string;
  readonly price: number | null;
  readonly leaderId: string | null;
  /** The effective end, after soft-close extensions. */
  readonly endsAt: number;
}

/** Everything `gavel audit` prints, whatever the format. */
export interface AuditReport {
  readonly auctionId: string;
  /** The auction's currency (from `AuctionOpened`), for amounts in words and tables. */
  readonly currency: string | null;
  /** The events the timeline explains (all, or those up to `--at`). */
  readonly timeline: readonly TimelineEntry[];
  /** What verify found over the whole stream. */
  readonly findings: readonly Finding[];
  /** The time given with `--at`, if any (epoch ms). */
  readonly at: number | null;
  /** Whether maxima are shown (`--reveal-max`). */
  readonly revealMax: boolean;
  /** How many events the stream has (the timeline may stop earlier with `--at`). */
  readonly eventCount: number;
  /** Where the auction stood at `--at` (or after its last event): `publicView` of `stateAt`, ids as recorded. */
  readonly standing: Standing | null;
}
