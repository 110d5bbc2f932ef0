import {
  type BidderMask,
  initialPublicProjection,
  type PublicChange,
  type PublicProjection,
  projectPublicEvent,
  type StreamEvent,
} from '@gavel/core';
import { encodeServerMessage } from '../protocol/serverMessage';

/** A change kept for resuming clients; its frame is serialized once, when first needed. */
interface KeptChange {
  readonly change: PublicChange;
  frame: Buffer | null;
}

/**
 * The public state of one watched auction, folded event by event: the projection, the whole public
 * history (for snapshots) and the last `resumeWindow` changes (for resuming clients). Frames are
 * serialized once and shared by every watcher.
 */
export interface WatchedAuction {
  readonly auctionId: string;
  /** The stream version folded so far. */
  readonly version: () => number;
  /** False until the stream's `AuctionOpened` has been folded. */
  readonly exists: () => boolean;
  /**
   * Folds the next event of the stream (its `streamVersion` must be `version() + 1`).
   * @returns the `change` frame to send, or null when the event changes nothing public
   */
  readonly apply: (event: StreamEvent) => Buffer | null;
  /** The `snapshot` frame at the current version (serialized once per version). */
  readonly snapshotFrame: () => Buffer;
  /** The `change` frames after `version`, in order; null when some of them are no longer kept. */
  readonly framesAfter: (version: number) => Buffer[] | null;
}

/** Creates the public state of an auction with no events folded yet. */
export const createWatchedAuction = (
  auctionId: string,
  mask: BidderMask,
  resumeWindow: number,
): WatchedAuction => {
  let projection: PublicProjection = initialPublicProjection();
  /** The public history as JSON array items, serialized once each as they come (a rope, not re-stringified). */
  let historyJson = '';
  let historyLength = 0;
  let kept: KeptChange[] = [];
  /** Version of the newest change no longer kept (0: none dropped). */
  let droppedThrough = 0;
  let snapshot: { version: number; frame: Buffer } | null = null;

  const changeFrame = (kept: KeptChange): Buffer => {
    if (kept.frame === null) {
      const { version, view, entry } = kept.change;
      kept.frame = encodeServerMessage(
        entry === undefined
          ? { type: 'change', auctionId, version, view }
          : { type: 'change', auctionId, version, view, entry },
      );
    }
    return kept.frame;
  };

  const keep = (change: PublicChange): KeptChange => {
    const item: KeptChange = { change, frame: null };
    kept.push(item);
    // Drop in halves so that keeping stays O(1) amortized.
    if (kept.length >= 2 * resumeWindow) {
      const drop = kept.length - resumeWindow;
      droppedThrough = (kept[drop - 1] as KeptChange).change.version;
      kept = kept.slice(drop);
    }
    return item;
  };

  /** Folds without serializing: the catch-up of a first read. */
  const fold = (event: StreamEvent): KeptChange | null => {
    const step = projectPublicEvent(projection, event, mask);
    projection = step.projection;
    if (step.change === null) return null;
    if (step.change.entry !== undefined) {
      historyJson += (historyLength === 0 ? '' : ',') + JSON.stringify(step.change.entry);
      historyLength++;
    }
    return keep(step.change);
  };

  return {
    auctionId,
    version: () => projection.version,
    exists: () => projection.view !== null,
    apply: (event) => {
      const item = fold(event);
      return item === null ? null : changeFrame(item);
    },
    snapshotFrame: () => {
      const view = projection.view;
      if (view === null) throw new Error(`auction '${auctionId}' has no public view yet`);
      if (snapshot === null || snapshot.version !== projection.version) {
        // The same bytes as encodeServerMessage({ type: 'snapshot', auctionId, version, view, history }).
        const head = JSON.stringify({ type: 'snapshot', auctionId, version: projection.version, view });
        const frame = Buffer.from(`${head.slice(0, -1)},"history":[${historyJson}]}`, 'utf8');
        snapshot = { version: projection.version, frame };
      }
      return snapshot.frame;
    },
    framesAfter: (version) => {
      if (version < droppedThrough) return null;
      const frames: Buffer[] = [];
      for (const item of kept) if (item.change.version > version) frames.push(changeFrame(item));
      return frames;
    },
  };
};
