import { explain, verify } from '@gavel/core/audit';
import pc from 'picocolors';
import type { AuditReport } from '../output/auditReport';
import { formatHtml } from '../output/formatHtml';
import { formatJson } from '../output/formatJson';
import { formatMarkdown } from '../output/formatMarkdown';
import { formatText } from '../output/formatText';
import { standingAt } from '../output/standingAt';
import { CliError } from '../program/cliError';
import type { CliIo } from '../program/cliIo';
import { EXIT, type ExitCode } from '../program/exitCodes';
import { parseTime } from '../program/parseTime';
import { readAuctionStream } from './readAuctionStream';
import { withStore } from './storeAccess';

/** The formats of `gavel audit`. */
export const AUDIT_FORMATS = ['text', 'markdown', 'json', 'html'] as const;

/** Options of `gavel audit`, as parsed. */
export interface AuditOptions {
  readonly store: string;
  readonly format?: string;
  readonly at?: string;
  readonly revealMax?: boolean;
}

const currencyOf = (data: unknown): string | null => {
  const currency = (data as { currency?: unknown } | null)?.currency;
  return typeof currency === 'string' ? currency : null;
};

/** Renders a report in a format. */
export const renderAudit = (report: AuditReport, format: string, io: CliIo): string => {
  switch (format) {
    case 'json':
      return formatJson(report);
    case 'markdown':
      return formatMarkdown(report);
    case 'html':
      return formatHtml(report);
    default:
      return formatText(report, pc.createColors(io.outIsTTY && io.env.NO_COLOR === undefined));
  }
};

/**
 * `gavel audit <auctionId>`: the explained timeline (up to `--at`) and verify's findings over the whole
 * stream. Exit 0 without findings, 1 with.
 */
export const auditCommand = async (
  auctionId: string,
  options: AuditOptions,
  io: CliIo,
): Promise<ExitCode> => {
  const format = options.format ?? 'text';
  if (!(AUDIT_FORMATS as readonly string[]).includes(format))
    throw new CliError('USAGE', `--format must be one of ${AUDIT_FORMATS.join(', ')}, not '${format}'`);
  const at = options.at === undefined ? null : parseTime(options.at);
  const events = await withStore(options.store, (store) =>
    readAuctionStream(store, options.store, auctionId, io),
  );
  const revealMax = options.revealMax === true;
  const timeline = explain(events, { revealMax });
  const { findings } = verify(events);
  const report: AuditReport = {
    standing: standingAt(events, at),
    auctionId,
    currency: currencyOf(events.find((e) => e.type === 'AuctionOpened')?.data),
    timeline: at === null ? timeline : timeline.filter((e) => e.at !== null && e.at <= at),
    findings,
    at,
    revealMax,
    eventCount: events.length,
  };
  io.out(renderAudit(report, format, io));
  return findings.length === 0 ? EXIT.OK : EXIT.FINDINGS;
};
