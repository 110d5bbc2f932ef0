import type { AuditReport } from './auditReport';
import { reportWords } from './reportWords';

/** A table cell: pipes escaped, line breaks flattened. */
const cell = (text: string): string =>
  text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** The markdown format of `gavel audit`: a heading, the timeline as a table, the findings as a list. */
export const formatMarkdown = (report: AuditReport): string => {
  const w = reportWords(report);
  const lines = [
    `# Audit of auction \`${cell(report.auctionId)}\``,
    '',
    w.summary,
    '',
    ...(w.standing === null ? [] : [w.standing, '']),
    '| v | time (UTC) | event | by | price | leader | reason |',
    '| ---: | --- | --- | --- | ---: | --- | --- |',
  ];
  for (const e of report.timeline) {
    const amount =
      e.amount !== undefined
        ? ` ${w.money(e.amount)}`
        : e.maxAmount !== undefined
          ? ` max ${w.money(e.maxAmount)}`
          : '';
    const price = `${w.price(e.priceBefore)} → ${w.price(e.priceAfter)}`;
    const leader = `${w.who(e.leaderBefore)} → ${w.who(e.leaderAfter)}${e.automatic ? ' (automatic)' : ''}`;
    lines.push(
      `| ${e.version} | ${w.time(e.at)} | ${cell(e.type + amount)} | ${cell(e.actor ?? '')} | ${price} | ${cell(leader)} | ${cell(e.reason)} |`,
    );
  }
  lines.push('', '## Findings', '');
  if (report.findings.length === 0) lines.push('None: the record is what the rules give.');
  for (const f of report.findings)
    lines.push(`- **${f.code}**${f.version === undefined ? '' : ` (v${f.version})`}: ${cell(f.message)}`);
  return `${lines.join('\n')}\n`;
};
