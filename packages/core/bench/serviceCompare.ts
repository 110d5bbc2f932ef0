/**
 * Compares the command service of several checkouts side by side, on a machine whose speed drifts:
 * runs `serviceHot.ts` on each in turn, `--rounds` times (default 5), each run in a fresh process, and
 * prints per checkout the median hot-auction rate, its ratio to the first checkout's and the 1e5/1e2
 * cost ratio. Usage: `node --import tsx serviceCompare.ts [--rounds 5] [--quick] <checkout> <checkout>…`
 * (a checkout is a repository root, e.g. one made with `git worktree add`).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const roundsAt = args.indexOf('--rounds');
const rounds = roundsAt === -1 ? 5 : Number(args[roundsAt + 1]);
const flags = args.includes('--quick') ? ['--quick'] : [];
const trees = args.filter((arg, i) => !arg.startsWith('--') && (roundsAt === -1 || i !== roundsAt + 1));
if (trees.length < 2 || !Number.isSafeInteger(rounds) || rounds < 1)
  throw new Error('usage: serviceCompare.ts [--rounds 5] [--quick] <checkout> <checkout>…');
const child = fileURLToPath(new URL('./serviceHot.ts', import.meta.url));

interface Result {
  readonly hot: number;
  readonly hotCpu: number;
  readonly ratio: number;
}
const results = new Map<string, Result[]>(trees.map((tree) => [tree, []]));
for (let round = 1; round <= rounds; round++)
  for (const tree of trees) {
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', child, `${tree}/packages/core/src`, ...flags],
      {
        encoding: 'utf8',
      },
    );
    if (run.status !== 0) throw new Error(`${tree}: ${run.stderr}`);
    const result = JSON.parse(run.stdout.trim().split('\n').at(-1) as string) as Result;
    (results.get(tree) as Result[]).push(result);
    console.log(
      `round ${round} ${tree}: hot ${Math.round(result.hot)}/s (${Math.round(result.hotCpu)} per CPU-s), 1e5/1e2 ${result.ratio.toFixed(2)}`,
    );
  }

const median = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const first = results.get(trees[0] as string) as Result[];
console.log(
  '\n| checkout | hot auction, median (commands/s) | vs first, median of the rounds’ ratios | per CPU-second, median | vs first | 1e5/1e2, median |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const tree of trees) {
  const mine = results.get(tree) as Result[];
  const paired = (key: 'hot' | 'hotCpu') =>
    median(mine.map((result, i) => result[key] / (first[i] as Result)[key]));
  const rate = (key: 'hot' | 'hotCpu') =>
    Math.round(median(mine.map((result) => result[key]))).toLocaleString('en');
  console.log(
    `| ${tree} | ${rate('hot')} | ${paired('hot').toFixed(3)} | ${rate('hotCpu')} | ${paired('hotCpu').toFixed(3)} | ${median(mine.map((r) => r.ratio)).toFixed(2)} |`,
  );
}
