import type { AuditReport } from './auditReport';

/**
 * The JSON format of `gavel audit`: `{ auctionId, timeline, findings }` with the contract's timeline
 * fields (`version, type, at, priceBefore, priceAfter, leaderBefore, leaderAfter, reason`) and the rest
 * of each entry beside them. Without `--reveal-max` no entry carries a max.
 */
export const formatJson = (report: AuditReport): string =>
  `${JSON.stringify(
    {
      auctionId: report.auctionId,
      currency: report.currency,
      ...(report.at === null ? {} : { at: report.at }),
      standing: report.standing,
      timeline: report.timeline.map((e) => ({
        version: e.version,
        type: e.type,
        at: e.at,
        priceBefore: e.priceBefore,
        priceAfter: e.priceAfter,
        leaderBefore: e.leaderBefore,
        leaderAfter: e.leaderAfter,
        reason: e.reason,
        actor: e.actor,
        movedPrice: e.movedPrice,
        movedLeader: e.movedLeader,
        automatic: e.automatic,
        endsAt: e.endsAt,
        ...(e.amount === undefined ? {} : { amount: e.amount }),
        ...(e.maxAmount === undefined ? {} : { maxAmount: e.maxAmount }),
      })),
      findings: report.findings,
    },
    null,
    2,
  )}\n`;
