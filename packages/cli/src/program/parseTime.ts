import { CliError } from './cliError';

/** Reads `--at`: epoch milliseconds (digits) or an ISO 8601 time (`2026-12-01T10:00:00Z`). */
export const parseTime = (text: string): number => {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) {
    const ms = Number(trimmed);
    if (Number.isSafeInteger(ms)) return ms;
  } else if (/^\d{4}-\d{2}-\d{2}/.test(trimmed)) {
    const ms = Date.parse(trimmed);
    if (Number.isFinite(ms)) return ms;
  }
  throw new CliError(
    'USAGE',
    `--at '${text}' is neither an ISO time (2026-12-01T10:00:00Z) nor epoch milliseconds`,
  );
};
