import type { StoredEvent } from '../client/storeClient';
import type { ProcessorCall } from './processorContext';
import { storedFields } from './storedFields';
import { type EventPayload, updateLastEvent } from './updateLastEvent';

/** The members stream keeps its last events only: each holds the whole map. */
const MEMBERS_MAX_COUNT = 10;
const MEMBERS_CHANGED = 'MembersChanged';

/** Decodes the members stream's last event: member → until when (epoch ms). */
const toMembers = (event: StoredEvent | undefined): Map<string, number> => {
  if (event === undefined) return new Map();
  const fields = storedFields(event);
  const list = fields.fields.members;
  const valid =
    Array.isArray(list) &&
    list.every(
      (entry) =>
        Array.isArray(entry) &&
        entry.length === 2 &&
        typeof entry[0] === 'string' &&
        Number.isSafeInteger(entry[1]),
    );
  return valid ? new Map(list as [string, number][]) : fields.fail('members', 'a list of [member, until]');
};

/** The event holding `members`, those expired at `now` left out. */
const membersEvent = (members: ReadonlyMap<string, number>, now: number): EventPayload => ({
  type: MEMBERS_CHANGED,
  data: { v: 1, members: [...members].filter(([, until]) => until > now) },
});

/**
 * Renews `owner`'s membership for `leaseMs` from now (compare-and-set on the members stream) and
 * answers the live members, sorted.
 */
export const beatMembers = (
  call: ProcessorCall,
  stream: string,
  owner: string,
  leaseMs: number,
): Promise<string[]> =>
  updateLastEvent(
    call,
    stream,
    (last) => {
      const now = call.clock();
      const members = toMembers(last);
      members.set(owner, now + leaseMs);
      const write = membersEvent(members, now);
      const live = (write.data.members as [string, number][]).map(([member]) => member);
      return { result: live.sort(), write };
    },
    { maxCount: MEMBERS_MAX_COUNT },
  );

/** Ends `owner`'s membership (nothing written when it is not a member). */
export const leaveMembers = (call: ProcessorCall, stream: string, owner: string): Promise<void> =>
  updateLastEvent(call, stream, (last) => {
    const members = toMembers(last);
    if (!members.delete(owner)) return { result: undefined };
    return { result: undefined, write: membersEvent(members, call.clock()) };
  });
