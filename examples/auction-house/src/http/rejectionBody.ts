import type { ExecuteRejected } from '@gavel/core';
import { type ApiErrorBody, apiError } from './apiError';

/**
 * The error body of a command the engine rejected: its code and message, and the engine's `details`
 * when it gives some (the field of an `INVALID_COMMAND` becomes `field`).
 */
export const rejectionBody = (rejection: ExecuteRejected): ApiErrorBody => {
  const details = (rejection as { readonly details?: unknown }).details;
  const field =
    typeof details === 'object' &&
    details !== null &&
    typeof (details as { field?: unknown }).field === 'string'
      ? ((details as { field: string }).field as string).replace(/^data\./, '')
      : undefined;
  const hasDetails = typeof details === 'object' && details !== null && Object.keys(details).length > 0;
  return apiError(rejection.code, rejection.message, { field, details: hasDetails ? details : undefined });
};
