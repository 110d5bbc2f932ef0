// @gavel/core/audit: explain, replay and verify an auction's recorded history. Pure: no I/O.
export type { AuditInputEvent } from './auditInput';
export { explain } from './explain';
export type { Finding, FindingCode, VerifyResult } from './finding';
export { type AmountFormatter, amountFormatter } from './formatAmount';
export { type AuditMoment, stateAt } from './stateAt';
export type { ExplainOptions, TimelineEntry } from './timelineEntry';
export { verify } from './verify';
