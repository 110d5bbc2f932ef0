import type { AuditReport } from './auditReport';
import { escapeHtml } from './escapeHtml';
import { priceChart } from './priceChart';
import { reportWords } from './reportWords';

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;width:100%}
th,td{border:1px solid #ccc;padding:4px 6px;text-align:left;vertical-align:top}td.num{text-align:right;white-space:nowrap}
tr.automatic td{background:#fff4e8}.finding{color:#a00}.ok{color:#070}`;

/**
 * The html format of `gavel audit`: one self-contained page (inline style and SVG, no script, no
 * external asset) with the price-over-time chart, the timeline and the findings.
 */
export const formatHtml = (report: AuditReport): string => {
  const w = reportWords(report);
  const e = escapeHtml;
  const rows = report.timeline
    .map((t) => {
      const amount =
        t.amount !== undefined
          ? ` ${w.money(t.amount)}`
          : t.maxAmount !== undefined
            ? ` max ${w.money(t.maxAmount)}`
            : '';
      return `<tr${t.automatic ? ' class="automatic"' : ''}><td class="num">${t.version}</td><td>${e(w.time(t.at))}</td><td>${e(t.type + amount)}</td><td>${e(t.actor ?? '')}</td><td class="num">${e(w.price(t.priceBefore))} → ${e(w.price(t.priceAfter))}</td><td>${e(w.who(t.leaderBefore))} → ${e(w.who(t.leaderAfter))}${t.automatic ? ' (automatic)' : ''}</td><td>${e(t.reason)}</td></tr>`;
    })
    .join('\n');
  const findings =
    report.findings.length === 0
      ? '<p class="ok">None: the record is what the rules give.</p>'
      : `<ul>${report.findings.map((f) => `<li class="finding"><b>${e(f.code)}</b>${f.version === undefined ? '' : ` (v${f.version})`}: ${e(f.message)}</li>`).join('')}</ul>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Audit of auction ${e(report.auctionId)}</title><style>${STYLE}</style></head>
<body>
<h1>Audit of auction ${e(report.auctionId)}</h1>
<p>${e(w.summary)}</p>${w.standing === null ? '' : `\n<p>${e(w.standing)}</p>`}
<h2>Price over time</h2>
${priceChart(report.timeline, w.money)}
<h2>Timeline</h2>
<table><thead><tr><th>v</th><th>time (UTC)</th><th>event</th><th>by</th><th>price</th><th>leader</th><th>reason</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<h2>Findings</h2>
${findings}
</body></html>
`;
};
