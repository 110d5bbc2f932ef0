import type { AmountFormatter, TimelineEntry } from '@gavel/core/audit';
import { escapeHtml } from './escapeHtml';

const WIDTH = 760;
const HEIGHT = 320;
const PAD = { left: 80, right: 20, top: 20, bottom: 40 };

/**
 * The price over time as an inline SVG: a step line of the visible price after each event, a dot per
 * bid (filled orange and ringed where the bid was automatic: a proxy answered it), axis labels in the
 * currency's major units. No external asset, no script.
 */
export const priceChart = (timeline: readonly TimelineEntry[], money: AmountFormatter): string => {
  const points = timeline.filter((e) => e.priceAfter !== null && e.at !== null) as Array<
    TimelineEntry & { priceAfter: number; at: number }
  >;
  if (points.length === 0)
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="60" role="img" aria-label="no price yet"><text x="10" y="35">No bid, no price.</text></svg>`;
  const t0 = Math.min(...points.map((p) => p.at));
  const t1 = Math.max(...points.map((p) => p.at), t0 + 1);
  const top = Math.max(...points.map((p) => p.priceAfter), 1);
  const x = (at: number): number => PAD.left + ((at - t0) / (t1 - t0)) * (WIDTH - PAD.left - PAD.right);
  const y = (price: number): number => HEIGHT - PAD.bottom - (price / top) * (HEIGHT - PAD.top - PAD.bottom);
  const f = (n: number): string => n.toFixed(1);
  let path = '';
  let lastY: number | null = null;
  for (const p of points) {
    const px = f(x(p.at));
    const py = f(y(p.priceAfter));
    path += lastY === null ? `M${px},${py}` : `H${px}V${py}`;
    lastY = y(p.priceAfter);
  }
  const dots = points
    .filter((p) => p.type === 'BidPlaced' || p.type === 'MaxBidSet')
    .map((p) => {
      const title = escapeHtml(
        `v${p.version} ${new Date(p.at).toISOString()}: ${money(p.priceAfter)}, ${p.leaderAfter ?? ''}${p.automatic ? ' (automatic bid)' : ''}`,
      );
      return p.automatic
        ? `<circle class="automatic" cx="${f(x(p.at))}" cy="${f(y(p.priceAfter))}" r="6" fill="#f28c28" stroke="#7a3e00" stroke-width="2"><title>${title}</title></circle>`
        : `<circle class="bid" cx="${f(x(p.at))}" cy="${f(y(p.priceAfter))}" r="4" fill="#2d6cdf"><title>${title}</title></circle>`;
    })
    .join('');
  const baseY = HEIGHT - PAD.bottom;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="price over time">`,
    `<line x1="${PAD.left}" y1="${baseY}" x2="${WIDTH - PAD.right}" y2="${baseY}" stroke="#888"/>`,
    `<line x1="${PAD.left}" y1="${PAD.top}" x2="${PAD.left}" y2="${baseY}" stroke="#888"/>`,
    `<text x="${PAD.left - 6}" y="${f(y(top) + 4)}" text-anchor="end" font-size="12">${escapeHtml(money(top))}</text>`,
    `<text x="${PAD.left - 6}" y="${baseY + 4}" text-anchor="end" font-size="12">${escapeHtml(money(0))}</text>`,
    `<text x="${PAD.left}" y="${HEIGHT - 12}" font-size="12">${new Date(t0).toISOString()}</text>`,
    `<text x="${WIDTH - PAD.right}" y="${HEIGHT - 12}" text-anchor="end" font-size="12">${new Date(t1).toISOString()}</text>`,
    `<path class="price" d="${path}" fill="none" stroke="#2d6cdf" stroke-width="2"/>`,
    dots,
    `<g font-size="12"><circle cx="${WIDTH - 190}" cy="${PAD.top}" r="4" fill="#2d6cdf"/><text x="${WIDTH - 180}" y="${PAD.top + 4}">bid</text>`,
    `<circle cx="${WIDTH - 130}" cy="${PAD.top}" r="6" fill="#f28c28" stroke="#7a3e00" stroke-width="2"/><text x="${WIDTH - 120}" y="${PAD.top + 4}">automatic bid</text></g>`,
    '</svg>',
  ].join('');
};
