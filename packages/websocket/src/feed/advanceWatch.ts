import type { RecordedEvent } from '@gavel/core';
import type { FeedStats } from './feedStats';
import type { Watch } from './watch';

/** Folds the next event of a watch and sends the change it makes to the subscribers behind it. */
export const advanceWatch = (watch: Watch, event: RecordedEvent, stats: FeedStats): void => {
  const frame = watch.auction.apply(event);
  if (frame === null) return;
  stats.changesSerialized++;
  const version = event.streamVersion;
  for (const subscription of watch.watchers) {
    if (subscription.cursor >= version) continue;
    subscription.cursor = version;
    subscription.send(frame);
  }
};

/** Applies the held events that follow the folded version; keeps the rest. @returns true when a gap remains. */
export const applyHeldEvents = (watch: Watch, stats: FeedStats): boolean => {
  const held = watch.held;
  watch.held = [];
  for (let i = 0; i < held.length; i++) {
    const event = held[i] as RecordedEvent;
    const current = watch.auction.version();
    if (event.streamVersion <= current) continue;
    if (event.streamVersion === current + 1) advanceWatch(watch, event, stats);
    else {
      watch.held = held.slice(i);
      return true;
    }
  }
  return false;
};
