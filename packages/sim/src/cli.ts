import { createHash, randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';
import { runSimulation, type SimResult } from './runSimulation';
import { shrinkFailure } from './shrinkFailure';
import { paramsOfSeed, paramsText, type SimParams } from './simParams';

const USAGE = `usage: pnpm sim [--seed <n>] [--runs <k>] [--params '<json>'] [--no-shrink]
  --seed     the first run's seed (default: a random one, printed); run i uses seed + i
  --runs     how many runs (default 200: a few seconds; a failure stops at its run)
  --params   replay one run with these exact parameters (as a failure prints them)
  --no-shrink  report a failure without shrinking it`;

/**
 * Runs when `--runs` is not given: enough that a plain `pnpm sim` (or `pnpm sim --seed <n>`) finds a bug
 * that one run in a hundred meets, in a few seconds.
 */
const DEFAULT_RUNS = 200;

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

const describe = (result: SimResult): string => {
  const p = result.params;
  return `seed=${p.seed} instances=${p.instances} auctions=${p.auctions} bidders=${p.bidders} commands=${p.commands} faults=${p.faultPercent}% crashes=${p.crashes} jumps=${p.clockJumps} disconnects=${p.disconnects} steps=${result.steps} trace=${result.traceHash}`;
};

const reportFailure = (result: SimResult, title: string): void => {
  const violation = result.violation;
  if (violation === undefined) return;
  say(`${title}: ${describe(result)}`);
  say(
    `  broken invariant '${violation.invariant}' at step ${violation.step} (t=${violation.at} ms): ${violation.message}`,
  );
  say('  the trace before it:');
  for (const line of violation.trace) say(`    ${line}`);
  say(`  replay: pnpm sim --params '${paramsText(result.params)}'`);
};

const main = async (): Promise<number> => {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string' },
      runs: { type: 'string' },
      params: { type: 'string' },
      'no-shrink': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help === true) {
    say(USAGE);
    return 0;
  }
  const seed = values.seed === undefined ? randomInt(0, 2 ** 31) : Number(values.seed);
  const runs = values.runs === undefined ? DEFAULT_RUNS : Number(values.runs);
  if (!Number.isSafeInteger(seed) || !Number.isSafeInteger(runs) || runs < 1) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const fixed: SimParams | undefined =
    values.params === undefined ? undefined : (JSON.parse(values.params) as SimParams);
  const first = fixed?.seed ?? seed;
  const total = fixed === undefined ? runs : 1;
  const hashes = createHash('sha256');
  let lastHash = '';
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const params = fixed ?? paramsOfSeed(seed + i);
    const result = await runSimulation(params);
    hashes.update(result.traceHash);
    lastHash = result.traceHash;
    if (result.violation === undefined) {
      if (total <= 20) say(`ok: ${describe(result)}`);
      else if ((i + 1) % 100 === 0)
        say(`${i + 1}/${total} runs ok (${Math.round((performance.now() - started) / 1000)} s)`);
      continue;
    }
    reportFailure(result, `FAILED after ${i + 1} run${i === 0 ? '' : 's'}`);
    if (values['no-shrink'] !== true) {
      say('  shrinking with fast-check (fewer processes, auctions, bidders, commands, faults)…');
      const shrunk = await shrinkFailure(result);
      reportFailure(shrunk.result, `smallest failing run (of ${shrunk.tries} tried)`);
    }
    say(
      `sim: FAILED seed=${params.seed} step=${result.violation.step} invariant=${result.violation.invariant} trace=${result.traceHash}`,
    );
    return 1;
  }
  // The time on a line of its own: the last line is the same for the same seed, to compare runs by.
  say(`${total} run${total === 1 ? '' : 's'} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const trace = total === 1 ? lastHash : hashes.digest('hex').slice(0, 16);
  say(`sim: ok seed=${first} runs=${total} trace=${trace}`);
  return 0;
};

process.exitCode = await main();
