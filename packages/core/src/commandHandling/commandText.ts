/**
 * The longest id the service takes, in UTF-16 code units (JavaScript's `length`): auction, bidder,
 * seller, buyer and bid ids, and the other short text fields (a currency code, `belowReserve`, a
 * retraction's `reason`).
 */
export const MAX_ID_LENGTH = 128;

/** The longest free text the service takes (a cancellation's `reason`), in UTF-16 code units. */
export const MAX_TEXT_LENGTH = 500;

/** Why a text field is refused: the message part after the field's name, and the bound it broke. */
export interface TextProblem {
  readonly why: string;
  /** The longest the field may be, when it is too long. */
  readonly atMost?: number;
}

const CONTROL: TextProblem = Object.freeze({
  why: 'must not hold control characters (U+0000–U+001F, U+007F–U+009F)',
});
const LONE_SURROGATE: TextProblem = Object.freeze({
  why: 'must be well-formed Unicode (it holds a lone surrogate)',
});

/**
 * Why a string may not go into an event, or null: longer than `maxLength`, holding a C0 or C1 control
 * character (U+0000–U+001F, U+007F–U+009F), or not well-formed Unicode (a lone surrogate, which some
 * stores cannot keep and others turn into U+FFFD). It never repeats the value.
 */
export const textProblem = (value: string, maxLength: number): TextProblem | null => {
  const length = value.length;
  if (length > maxLength)
    return { why: `must be at most ${maxLength} characters, not ${length}`, atMost: maxLength };
  for (let i = 0; i < length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return CONTROL;
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = value.charCodeAt(i + 1);
      if (c > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) return LONE_SURROGATE;
      i++;
    }
  }
  return null;
};

/** The longest part of a thrown value's text that an answer repeats. */
const THROWN_PREFIX = 80;

/** A short, safe description of anything thrown while reading a command (never the whole of a huge text). */
export const thrownText = (error: unknown): string => {
  let text: string;
  try {
    text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  } catch {
    return 'an unprintable error';
  }
  return text.length <= THROWN_PREFIX ? text : `${text.slice(0, THROWN_PREFIX)}…`;
};
