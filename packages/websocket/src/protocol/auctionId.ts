import { isStorableText } from '@gavel/core/store';
import { z } from 'zod';

/**
 * The longest auction id the feed accepts, in UTF-16 code units (JavaScript's `length`): the longest
 * the engine's command service accepts, so that every auction that can exist can be watched.
 */
export const MAX_AUCTION_ID_LENGTH = 128;

// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to refuse control characters
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * An auction id as the engine accepts one (see `createAuctionService`): 1 to
 * {@link MAX_AUCTION_ID_LENGTH} characters, no C0 or C1 control character (U+0000–U+001F,
 * U+007F–U+009F), well-formed Unicode (no lone surrogate). The messages never repeat the value.
 *
 * `@gavel/core/store` exports the well-formedness check (`isStorableText`) but not the service's own rule, so
 * the length and the control characters are checked here; keep them in step with the service.
 */
export const auctionIdSchema = z
  .string()
  .min(1, { error: 'must not be empty' })
  .max(MAX_AUCTION_ID_LENGTH, { error: `must be at most ${MAX_AUCTION_ID_LENGTH} characters` })
  .refine((id) => !CONTROL.test(id), {
    error: 'must not hold control characters (U+0000–U+001F, U+007F–U+009F)',
    abort: true,
  })
  .refine(isStorableText, { error: 'must be well-formed Unicode (it holds a lone surrogate)' });
