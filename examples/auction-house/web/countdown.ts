import type { PublicView } from '@gavel/core';

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * What every countdown (the auction page's and the list's) shows for an auction at `now` (the server's
 * clock as the page knows it): the time left while it runs (`4:05`, `1:02:03`, `2d 03:04:05`); `ended`
 * once its end has passed, until the close is recorded; then `closed` or `cancelled`. A recorded close
 * wins over the clock, so a closed auction shows the same words on every page, never time left.
 */
export const countdownText = (view: Pick<PublicView, 'status' | 'endsAt'>, now: number): string => {
  if (view.status === 'closed' || view.status === 'cancelled') return view.status;
  const left = Math.ceil((view.endsAt - now) / 1000);
  if (view.status === 'ended' || left <= 0) return 'ended';
  const days = Math.floor(left / 86_400);
  const hours = Math.floor((left % 86_400) / 3600);
  const minutes = Math.floor((left % 3600) / 60);
  const seconds = left % 60;
  if (days > 0) return `${days}d ${pad(hours)}:${pad(minutes)}:${pad(seconds)}`;
  if (hours > 0) return `${hours}:${pad(minutes)}:${pad(seconds)}`;
  return `${minutes}:${pad(seconds)}`;
};
