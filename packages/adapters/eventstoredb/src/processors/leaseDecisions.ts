import type { LeaseRecord } from './leaseRecord';

/** True while the lease has an owner and has not expired at `now`. */
export const isLive = (lease: LeaseRecord, now: number): boolean =>
  lease.owner !== null && lease.expiresAt > now;

/**
 * `acquire`: the lease taken by `owner` for `leaseMs` from `now`, under a new token when it was free or
 * expired (renewed under the same token when `owner` holds it already); null when another owner holds a
 * live lease.
 */
export const acquiredLease = (
  lease: LeaseRecord,
  owner: string,
  now: number,
  leaseMs: number,
): LeaseRecord | null => {
  const live = isLive(lease, now);
  if (live && lease.owner !== owner) return null;
  return { ...lease, owner, expiresAt: now + leaseMs, token: live ? lease.token : lease.token + 1 };
};

/** `heartbeat`: the lease renewed for `leaseMs` from `now` if `owner` holds it live; undefined otherwise. */
export const renewedLease = (
  lease: LeaseRecord,
  owner: string,
  now: number,
  leaseMs: number,
): LeaseRecord | undefined =>
  lease.owner === owner && lease.expiresAt > now ? { ...lease, expiresAt: now + leaseMs } : undefined;

/** `release`: the lease freed (its checkpoint kept) if `owner` holds it; undefined otherwise. */
export const releasedLease = (lease: LeaseRecord, owner: string): LeaseRecord | undefined =>
  lease.owner === owner ? { ...lease, owner: null, expiresAt: 0 } : undefined;

/**
 * `commit`: `'fenced'` when the partition has been taken since `token` was given; otherwise the
 * checkpoint moved to `position` (never back).
 */
export const committedLease = (
  lease: LeaseRecord,
  token: number,
  position: bigint,
): LeaseRecord | 'fenced' =>
  lease.token !== token
    ? 'fenced'
    : { ...lease, checkpoint: position > lease.checkpoint ? position : lease.checkpoint };
