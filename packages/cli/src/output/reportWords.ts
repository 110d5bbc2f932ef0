import { type AmountFormatter, amountFormatter } from '@gavel/core/audit';
import type { AuditReport } from './auditReport';

/** Words and numbers shared by the text, markdown and html formats. */
export interface ReportWords {
  readonly money: AmountFormatter;
  readonly price: (minor: number | null) => string;
  readonly who: (bidder: string | null) => string;
  readonly time: (at: number | null) => string;
  readonly summary: string;
}

/** The {@link ReportWords} of a report. */
export const reportWords = (report: AuditReport): ReportWords => {
  const money = amountFormatter(report.currency ?? 'USD');
  const shown = report.timeline.length;
  const upTo =
    report.at === null
      ? ''
      : ` (${shown} of ${report.eventCount} up to ${new Date(report.at).toISOString()})`;
  const verdict =
    report.findings.length === 0
      ? 'verify: no findings'
      : `verify: ${report.findings.length} finding${report.findings.length === 1 ? '' : 's'}`;
  return {
    money,
    price: (minor) => (minor === null ? '—' : money(minor)),
    who: (bidder) => bidder ?? '—',
    time: (at) => (at === null || !Number.isFinite(at) ? '?' : new Date(at).toISOString()),
    summary: `Auction ${report.auctionId}${report.currency === null ? '' : ` (${report.currency})`}: ${report.eventCount} event${report.eventCount === 1 ? '' : 's'}${upTo}; ${verdict}`,
  };
};
