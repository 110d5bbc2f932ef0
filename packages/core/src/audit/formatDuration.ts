const UNITS: ReadonlyArray<readonly [string, number]> = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['min', 60_000],
  ['s', 1_000],
  ['ms', 1],
];

/** A duration in words for people: 120000 → '2 min', 3_690_000 → '1 h 1 min 30 s', 0 → '0 ms'. */
export const formatDuration = (ms: number): string => {
  if (!Number.isFinite(ms) || ms <= 0) return '0 ms';
  const parts: string[] = [];
  let rest = Math.round(ms);
  for (const [unit, size] of UNITS) {
    const count = Math.floor(rest / size);
    if (count > 0) parts.push(`${count} ${unit}`);
    rest -= count * size;
  }
  return parts.join(' ');
};

/** An instant (epoch ms) as an ISO 8601 UTC string, or the raw value when it is not a valid time. */
export const formatInstant = (at: number | null): string => {
  if (at === null || !Number.isFinite(at)) return String(at);
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? String(at) : date.toISOString();
};
