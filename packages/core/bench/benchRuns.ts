/**
 * Bench-only: what the run-based benchmarks share (processor throughput, takeover, start-up): their
 * settings from flags and environment (`BENCH_QUICK=1` or `--quick` for a short run that proves the
 * benchmark works), the median and range of a set of runs, percentiles, Markdown rows, the machine line
 * and the JSON file a run can write (`--json <file>` or `BENCH_JSON=<file>`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

const argv = process.argv.slice(2).filter((arg) => arg !== '--');

/** `--quick` or `BENCH_QUICK=1`: small sizes, few runs. */
export const quick = argv.includes('--quick') || ['1', 'true', 'on'].includes(process.env.BENCH_QUICK ?? '');

/** The value of `--name <value>` or `--name=<value>`, if given. */
export const flag = (name: string): string | undefined => {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === `--${name}`) return argv[i + 1];
    if (arg.startsWith(`--${name}=`)) return arg.slice(name.length + 3);
  }
  return undefined;
};

/**
 * A whole-number setting: `--<flag>`, else the environment variable, else the quick or full default.
 * @throws Error naming the setting when it is not a positive integer
 */
export const sizeSetting = (name: string, env: string, full: number, short: number): number => {
  const given = flag(name) ?? process.env[env];
  const value = given === undefined ? (quick ? short : full) : Number(given);
  if (!Number.isSafeInteger(value) || value < 0)
    throw new Error(`--${name} (${env}) must be a whole number, not '${given}'`);
  return value;
};

/** The smallest and largest of a set of samples, and their median. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly samples: readonly number[];
}

/** Median (the mean of the middle two for an even count), min and max. */
export const spread = (values: readonly number[]): Spread => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length === 0
      ? Number.NaN
      : sorted.length % 2 === 1
        ? (sorted[middle] as number)
        : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return { median, min: sorted[0] ?? Number.NaN, max: sorted.at(-1) ?? Number.NaN, samples: values };
};

/** The nearest-rank percentile (`p` in [0, 1]) of samples. */
export const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] as number);
};

/** `12 345`: a whole number with thin groups of three digits. */
export const whole = (value: number): string =>
  Number.isFinite(value) ? Math.round(value).toLocaleString('en-US').replaceAll(',', ' ') : '–';

/** A number with `digits` decimals, `–` when it is not finite. */
export const fixed = (value: number, digits = 1): string =>
  Number.isFinite(value) ? value.toFixed(digits) : '–';

/** `median (min–max)` of a spread, each shown by `show`. */
export const medianAndRange = (of: Spread, show: (value: number) => string = whole): string =>
  `${show(of.median)} (${show(of.min)}–${show(of.max)})`;

/** One Markdown table: a header row, its separator (numbers right-aligned) and the rows. */
export const markdownTable = (
  header: readonly string[],
  rows: readonly (readonly string[])[],
  alignRight: readonly boolean[] = [],
): string =>
  [
    `| ${header.join(' | ')} |`,
    `| ${header.map((_, i) => (alignRight[i] === true ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');

/** The machine line every benchmark write-up starts with. */
export const machineLine = (): string => {
  const model =
    /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model ?? '?';
  return `Machine: ${cpus().length} cores, ${model}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average ${loadAverage()} at the start`;
};

/** The 1-minute load average now, one decimal. */
export const loadAverage = (): string => (loadavg()[0] ?? 0).toFixed(1);

/** Writes the results as JSON to `--json <file>` or `BENCH_JSON`, when one is given (bigints as text). */
export const writeJsonResults = (results: unknown): void => {
  const path = flag('json') ?? process.env.BENCH_JSON;
  if (path === undefined || path === '') return;
  writeFileSync(
    path,
    `${JSON.stringify(results, (_, value) => (typeof value === 'bigint' ? String(value) : value), 2)}\n`,
  );
  console.log(`\nJSON written to ${path}`);
};

/** Epoch ms with sub-millisecond precision, comparable across the processes of one machine. */
export const wallClock = (): number => performance.timeOrigin + performance.now();
