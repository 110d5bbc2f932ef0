import { type Finding, verify } from '@gavel/core/audit';
import pc from 'picocolors';
import { CliError } from '../program/cliError';
import type { CliIo } from '../program/cliIo';
import { EXIT, type ExitCode } from '../program/exitCodes';
import { listAuctionIds } from '../verifyAll/listAuctionIds';
import { progressBar } from './progressBar';
import { readAuctionStream } from './readAuctionStream';
import { storeCall, withStore } from './storeAccess';

/** CPU seconds (user and system, all threads) this process spent since `start`. */
const cpuSeconds = (start: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
};

/** How many streams `verify` reads at once. */
const READS_IN_FLIGHT = 8;

/** Options of `gavel verify`, as parsed. */
export interface VerifyOptions {
  readonly store: string;
  readonly all?: boolean;
  readonly format?: string;
}

/** What `gavel verify` found in one auction. */
interface AuctionFindings {
  readonly auctionId: string;
  readonly events: number;
  readonly findings: readonly Finding[];
}

/**
 * `gavel verify [auctionId…] --store <url> [--all]`: verifies the named auctions, or every auction of
 * the store with `--all`, with a progress bar on stderr when it is a terminal; prints each finding and
 * a summary on stdout. Exit 1 when anything is found.
 */
export const verifyCommand = async (
  auctionIds: readonly string[],
  options: VerifyOptions,
  io: CliIo,
): Promise<ExitCode> => {
  const format = options.format ?? 'text';
  if (format !== 'text' && format !== 'json')
    throw new CliError('USAGE', `--format must be text or json, not '${format}'`);
  if (options.all === true && auctionIds.length > 0)
    throw new CliError('USAGE', 'give auction ids or --all, not both');
  if (options.all !== true && auctionIds.length === 0)
    throw new CliError(
      'USAGE',
      'name the auctions to verify, or pass --all to verify every auction of the store',
    );
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const results: AuctionFindings[] = [];
  let eventCount = 0;
  await withStore(options.store, async (store) => {
    const ids =
      options.all === true ? await storeCall(options.store, () => listAuctionIds(store)) : auctionIds;
    const listSeconds = (performance.now() - started) / 1000;
    const progress = progressBar(io, 'verifying', ids.length);
    try {
      // A few reads in flight: a network store (PostgreSQL, EventStoreDB) answers them side by side.
      for (let i = 0; i < ids.length; i += READS_IN_FLIGHT) {
        const chunk = ids.slice(i, i + READS_IN_FLIGHT);
        const streams = await Promise.all(chunk.map((id) => readAuctionStream(store, options.store, id, io)));
        streams.forEach((events, j) => {
          eventCount += events.length;
          const { findings } = verify(events);
          if (findings.length > 0)
            results.push({ auctionId: chunk[j] as string, events: events.length, findings });
        });
        progress.update(i + chunk.length);
      }
    } finally {
      progress.stop();
    }
    const seconds = (performance.now() - started) / 1000;
    const withFindings = results.length;
    if (format === 'json') {
      io.out(
        `${JSON.stringify(
          {
            auctions: ids.length,
            events: eventCount,
            seconds: Number(seconds.toFixed(3)),
            listSeconds: Number(listSeconds.toFixed(3)),
            cpuSeconds: Number(cpuSeconds(cpuStart).toFixed(3)),
            auctionsWithFindings: withFindings,
            results,
          },
          null,
          2,
        )}\n`,
      );
      return;
    }
    const colors = pc.createColors(io.outIsTTY && io.env.NO_COLOR === undefined);
    for (const result of results)
      for (const f of result.findings)
        io.out(
          `${result.auctionId}${f.version === undefined ? '' : ` v${f.version}`} ${colors.red(f.code)}: ${f.message}\n`,
        );
    const rate = seconds > 0 ? Math.round(ids.length / seconds) : ids.length;
    const verdict =
      withFindings === 0 ? colors.green('no findings') : colors.red(`${withFindings} with findings`);
    io.out(
      `Verified ${ids.length} auction${ids.length === 1 ? '' : 's'} (${eventCount} events) in ${seconds.toFixed(2)} s, ${rate} auctions/s: ${verdict}\n`,
    );
  });
  return results.length === 0 ? EXIT.OK : EXIT.FINDINGS;
};
