import { getInMemoryEventStore, type RecordedEvent } from '@gavel/core';
import { explain, verify } from '@gavel/core/audit';
import pc from 'picocolors';
import { beforeAll, describe, expect, it } from 'vitest';
import { DISPUTE_STEPS, writeDisputeAuctions } from '../../test/disputeAuctions';
import type { AuditReport } from './auditReport';
import { formatHtml } from './formatHtml';
import { formatJson } from './formatJson';
import { formatMarkdown } from './formatMarkdown';
import { formatText } from './formatText';
import { standingAt } from './standingAt';

const streams = new Map<string, readonly RecordedEvent[]>();

beforeAll(async () => {
  const store = getInMemoryEventStore();
  await writeDisputeAuctions(store);
  for (const auctionId of Object.keys(DISPUTE_STEPS))
    streams.set(auctionId, (await store.readStream(`auction-${auctionId}`)).events);
  await store.close();
});

const report = (auctionId: string, revealMax = false): AuditReport => {
  const events = streams.get(auctionId) ?? [];
  return {
    auctionId,
    currency: 'USD',
    timeline: explain(events, { revealMax }),
    findings: verify(events).findings,
    at: null,
    revealMax,
    eventCount: events.length,
    standing: standingAt(events, null),
  };
};
const plain = pc.createColors(false);

describe('audit output formats (golden files)', () => {
  it.each(Object.keys(DISPUTE_STEPS))('text and markdown of %s', async (auctionId) => {
    await expect(formatText(report(auctionId), plain)).toMatchFileSnapshot(
      `../../test/golden/${auctionId}.txt`,
    );
    await expect(formatMarkdown(report(auctionId))).toMatchFileSnapshot(`../../test/golden/${auctionId}.md`);
  });

  it('text with --reveal-max shows each max as it was set', async () => {
    const text = formatText(report('camera-17', true), plain);
    await expect(text).toMatchFileSnapshot('../../test/golden/camera-17.reveal-max.txt');
    expect(text).toContain('MaxBidSet by bob (max $200.00)');
    expect(formatText(report('camera-17'), plain)).not.toContain('$200.00');
  });

  it('no format names a max above the price without --reveal-max', () => {
    // bob's max of $200.00 and alice's $150.00 (above the $102.00 she led at) are secrets.
    for (const text of [
      formatText(report('camera-17'), plain),
      formatMarkdown(report('camera-17')),
      formatJson(report('camera-17')),
      formatHtml(report('camera-17')),
    ])
      expect(text).not.toMatch(/\$200\.00|"maxAmount"|\b20000\b/);
  });

  it('json carries the contract fields of every entry', () => {
    const parsed = JSON.parse(formatJson(report('lamp-4')));
    expect(Object.keys(parsed)).toEqual(expect.arrayContaining(['auctionId', 'timeline', 'findings']));
    for (const entry of parsed.timeline)
      expect(Object.keys(entry)).toEqual(
        expect.arrayContaining([
          'version',
          'type',
          'at',
          'priceBefore',
          'priceAfter',
          'leaderBefore',
          'leaderAfter',
          'reason',
        ]),
      );
  });

  it('html is one self-contained page with an SVG chart marking automatic bids', () => {
    const html = formatHtml(report('lamp-4'));
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<svg');
    expect(html.match(/<circle class="automatic"/g)).toHaveLength(1);
    expect(html).not.toMatch(/<script|<link|src=|href=/);
  });

  it('colours only on request', () => {
    expect(formatText(report('lamp-4'), plain)).not.toContain('\u001b[');
    expect(formatText(report('lamp-4'), pc.createColors(true))).toContain('\u001b[');
  });
});
