import { type AmountFormatter, amountFormatter } from '@gavel/core/audit';
import type { AuditReport } from './auditReport';

/** Words and numbers shared by the text, markdown and html formats. */
export interface ReportWords {
  readonly money: AmountFormatter;
  readonly price: (minor: number | null) => string;
  readonly who: (bidder: string | null) => string;
  readonly time: (at: number | null) => string;
  readonly summary: string;
  /** `Standing at …: open, price $81.00, leader dave, effective end …`, or null before the opening. */
  readonly standing: string | null;
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
  const time = (at: number | null): string =>
    at === null || !Number.isFinite(at) ? '?' : new Date(at).toISOString();
  const st = report.standing;
  return {
    money,
    standing:
      st === null
        ? null
        : `Standing at ${time(st.at)}: ${st.status}, price ${st.price === null ? 'none' : money(st.price)}, leader ${st.leaderId ?? 'none'}, effective end ${time(st.endsAt)}`,
    price: (minor) => (minor === null ? '—' : money(minor)),
    who: (bidder) => bidder ?? '—',
    time,
    summary: `Auction ${report.auctionId}${report.currency === null ? '' : ` (${report.currency})`}: ${report.eventCount} event${report.eventCount === 1 ? '' : 's'}${upTo}; ${verdict}`,
  };
};
