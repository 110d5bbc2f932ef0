import { publicHistory, type StreamEvent } from '@gavel/core';
import { maskBidderId } from '@gavel/core/node';
import { EXPORT_HEADER, exportRows } from '../output/exportRows';
import { toCsv } from '../output/toCsv';
import { CliError } from '../program/cliError';
import type { CliIo } from '../program/cliIo';
import { EXIT, type ExitCode } from '../program/exitCodes';
import { readAuctionStream } from './readAuctionStream';
import { withStore } from './storeAccess';

/** Options of `gavel export`, as parsed. */
export interface ExportOptions {
  readonly store: string;
  readonly secret?: string;
}

/**
 * `gavel export <auctionId>`: the public bid history (the feed's, from core's public projection) as
 * RFC 4180 CSV on stdout, bidders masked with the feed's masking keyed by `--secret` or `GAVEL_SECRET`:
 * one row per entry, two for an automatic bid (the offer it beat, then the answer; see
 * {@link exportRows}). No maximum above the price and no raw bidder id is ever written.
 */
export const exportCommand = async (
  auctionId: string,
  options: ExportOptions,
  io: CliIo,
): Promise<ExitCode> => {
  const secret = options.secret ?? io.env.GAVEL_SECRET;
  if (secret === undefined || secret.length === 0)
    throw new CliError('USAGE', 'a secret is required to mask bidders: pass --secret or set GAVEL_SECRET');
  const mask = maskBidderId(secret);
  const events = await withStore(options.store, (store) =>
    readAuctionStream(store, options.store, auctionId, io),
  );
  const history = publicHistory(events as readonly StreamEvent[], mask);
  io.out(toCsv([EXPORT_HEADER, ...exportRows(history)]));
  return EXIT.OK;
};
