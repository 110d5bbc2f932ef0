/** What {@link mergeNotifications} needs of a notification: its stable id and when it arose. */
export interface NotificationKey {
  readonly id: string;
  /** When its event happened (epoch ms). */
  readonly at: number;
  /** Its event's stream version. */
  readonly version: number;
}

/** Newest first: by time, then by stream version, then by id (a fixed order for equal times). */
const newestFirst = (a: NotificationKey, b: NotificationKey): number =>
  b.at - a.at || b.version - a.version || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/**
 * `known` with `incoming` added: each id once (a notification seen live and again in a reloaded list is
 * one), newest first, at most `cap` (the oldest are dropped). Answers `known` itself when nothing is new,
 * so that a reload that brings nothing changes no state.
 */
export const mergeNotifications = <T extends NotificationKey>(
  known: readonly T[],
  incoming: readonly T[],
  cap: number,
): readonly T[] => {
  const ids = new Set(known.map((notification) => notification.id));
  const added = incoming.filter((notification) => {
    if (ids.has(notification.id)) return false;
    ids.add(notification.id);
    return true;
  });
  if (added.length === 0 && known.length <= cap) return known;
  const merged = [...known, ...added].sort(newestFirst).slice(0, cap);
  const same = merged.length === known.length && merged.every((notification, i) => notification === known[i]);
  return same ? known : merged;
};
