/**
 * Audit of one long auction: `explain` and `verify` of a 100 000-event stream (target: each under 1 s).
 * The stream is `bidStream`'s (every bid decided and accepted by `decide`), in recorded form (each
 * event with its `streamVersion` and `eventId`, as a store returns it). `--quick` takes fewer samples.
 */
import { explain, verify } from '../src/audit/index';
import { bidStream } from './bidStream';
import { measure } from './measure';

const quick = process.argv.includes('--quick');
const EVENTS = 100_000;
const { events } = bidStream(EVENTS - 1);
const recorded = events.map((event, i) => ({ ...event, streamVersion: i + 1, eventId: `e${i + 1}` }));
if (recorded.length !== EVENTS) throw new Error(`expected ${EVENTS} events, got ${recorded.length}`);

const check = verify(recorded);
if (!check.ok)
  throw new Error(`the bench stream has findings: ${JSON.stringify(check.findings.slice(0, 3))}`);
const timeline = explain(recorded);
if (timeline.length !== EVENTS || timeline.at(-1)?.priceAfter === null)
  throw new Error('explain did not explain every event');

const options = { unitsPerRun: 1, runsPerSample: 1, warmupSamples: quick ? 1 : 2, samples: quick ? 3 : 7 };
const rows = [
  ['explain', measure(() => explain(recorded), options)],
  ['explain (revealMax)', measure(() => explain(recorded, { revealMax: true }), options)],
  ['verify', measure(() => verify(recorded), options)],
] as const;

console.log(
  `Audit of one ${EVENTS.toLocaleString('en-US')}-event auction (median of ${options.samples} runs)\n`,
);
console.log('| call | ms per auction (wall) | CPU ms | µs per event | target |');
console.log('| --- | ---: | ---: | ---: | --- |');
for (const [name, m] of rows) {
  const ms = m.nsPerUnit / 1e6;
  console.log(
    `| \`${name}\` | ${ms.toFixed(0)} | ${(m.cpuNsPerUnit / 1e6).toFixed(0)} | ${((ms * 1000) / EVENTS).toFixed(2)} | ${ms < 1000 ? 'under 1 s: met' : 'NOT met'} |`,
  );
}
console.log(
  `\nsamples (ms): ${rows.map(([n, m]) => `${n}: ${m.samples.map((s) => (s / 1e6).toFixed(0)).join(' ')}`).join('; ')}`,
);
