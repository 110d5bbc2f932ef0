import type { Colors } from 'picocolors/types';
import type { AuditReport } from './auditReport';
import { reportWords } from './reportWords';

/**
 * The text format of `gavel audit`: a summary line, then three lines per event (what happened; price
 * and leader before → after; the reason), then the findings.
 */
export const formatText = (report: AuditReport, colors: Colors): string => {
  const w = reportWords(report);
  const lines: string[] = [colors.bold(w.summary), ...(w.standing === null ? [] : [w.standing]), ''];
  for (const entry of report.timeline) {
    const who = entry.actor === null ? '' : ` by ${entry.actor}`;
    const amount =
      entry.amount !== undefined
        ? ` (${w.money(entry.amount)})`
        : entry.maxAmount !== undefined
          ? ` (max ${w.money(entry.maxAmount)})`
          : '';
    lines.push(
      `${colors.cyan(`v${entry.version}`)}  ${colors.dim(w.time(entry.at))}  ${colors.bold(entry.type)}${who}${amount}`,
    );
    const price = `${w.price(entry.priceBefore)} → ${w.price(entry.priceAfter)}`;
    const leader = `${w.who(entry.leaderBefore)} → ${w.who(entry.leaderAfter)}`;
    const marks = [entry.automatic ? colors.yellow('automatic') : '', entry.movedLeader ? 'new leader' : '']
      .filter((m) => m !== '')
      .join(', ');
    lines.push(`    price ${price}   leader ${leader}${marks === '' ? '' : `   (${marks})`}`);
    lines.push(`    ${entry.reason}`);
  }
  lines.push('');
  if (report.findings.length === 0) lines.push(colors.green('Findings: none'));
  else {
    lines.push(colors.red(`Findings (${report.findings.length}):`));
    for (const f of report.findings)
      lines.push(
        `  ${colors.red(f.code)}${f.version === undefined ? '' : ` at v${f.version}`}: ${f.message}`,
      );
  }
  return `${lines.join('\n')}\n`;
};
