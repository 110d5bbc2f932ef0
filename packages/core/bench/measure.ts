/**
 * Bench-only: hand-rolled timing loops, reporting the median sample. A sample is timed on the wall clock
 * (`process.hrtime.bigint()`), the figure reported, and in this process's CPU time (`process.cpuUsage()`,
 * which also counts V8's parallel GC threads), shown beside it. No GC is forced between samples: a full
 * collection shrinks the young generation and makes the next sample pay for growing it again, which is
 * not what a running server sees. Measure on an otherwise idle machine.
 */

/** How long one unit of work took, in the median sample. */
export interface Measurement {
  /** Wall-clock nanoseconds per unit (per event, per bid), median over the samples. */
  readonly nsPerUnit: number;
  /** Units per second at the median. */
  readonly perSecond: number;
  /** Wall-clock nanoseconds per unit of every sample, sorted. */
  readonly samples: readonly number[];
  /** CPU nanoseconds per unit (all threads of the process), median. */
  readonly cpuNsPerUnit: number;
}

/** Options of {@link measure}. */
export interface MeasureOptions {
  /** Units of work (events, bids) one call of `run` does. */
  readonly unitsPerRun: number;
  /** Calls of `run` per sample, so that a sample lasts long enough to time. */
  readonly runsPerSample: number;
  readonly warmupSamples: number;
  readonly samples: number;
}

let sink: unknown;

/** Times `run`: warms it up, then takes `samples` samples and reports the median. */
export const measure = (run: () => unknown, options: MeasureOptions): Measurement => {
  const { unitsPerRun, runsPerSample, warmupSamples, samples } = options;
  const times: number[] = [];
  const walls: number[] = [];
  const units = unitsPerRun * runsPerSample;
  for (let s = 0; s < warmupSamples + samples; s++) {
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    for (let r = 0; r < runsPerSample; r++) sink = run();
    const wall = Number(process.hrtime.bigint() - start);
    const used = process.cpuUsage(cpu);
    if (s < warmupSamples) continue;
    times.push(((used.user + used.system) * 1000) / units);
    walls.push(wall / units);
  }
  const median = (values: number[]): number =>
    values.sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
  const nsPerUnit = median(walls);
  return { nsPerUnit, perSecond: 1e9 / nsPerUnit, samples: walls, cpuNsPerUnit: median(times) };
};

/** The last result of a measured run, so that the work cannot be optimised away. */
export const lastResult = (): unknown => sink;

/** `12 345 678`: a number with thin groups of three digits. */
export const grouped = (value: number): string =>
  Math.round(value).toLocaleString('en-US').replaceAll(',', ' ');
