import { publicView } from '@gavel/core';
import { stateAt } from '@gavel/core/audit';
import type { Standing } from './auditReport';

/** Where the auction stood at `at` (or after its last event), as `publicView` shows it then. */
export const standingAt = (events: Parameters<typeof stateAt>[0], at: number | null): Standing | null => {
  const lastAt = (events.at(-1)?.data as { at?: unknown } | undefined)?.at;
  const moment = at ?? (typeof lastAt === 'number' ? lastAt : 0);
  const view = publicView(stateAt(events, { at: moment }), moment);
  if (view === null) return null;
  return { at: moment, status: view.status, price: view.price, leaderId: view.leaderId, endsAt: view.endsAt };
};
