const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * The time left before `endsAt` as the countdown shows it: `4:05`, `1:02:03`, `2d 03:04:05`, and
 * `0:00 (ended)` once it has passed.
 */
export const countdownText = (endsAt: number, now: number): string => {
  const left = Math.ceil((endsAt - now) / 1000);
  if (left <= 0) return '0:00 (ended)';
  const days = Math.floor(left / 86_400);
  const hours = Math.floor((left % 86_400) / 3600);
  const minutes = Math.floor((left % 3600) / 60);
  const seconds = left % 60;
  if (days > 0) return `${days}d ${pad(hours)}:${pad(minutes)}:${pad(seconds)}`;
  if (hours > 0) return `${hours}:${pad(minutes)}:${pad(seconds)}`;
  return `${minutes}:${pad(seconds)}`;
};
