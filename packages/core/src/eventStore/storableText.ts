/** The most characters (UTF-16 code units) a stream name may have. */
export const MAX_STREAM_NAME_LENGTH = 500;

/** The deepest nesting of arrays and objects an event's `data` or `metadata` may have. */
export const MAX_JSON_DEPTH = 64;

const wellFormed = (String.prototype as { isWellFormed?: () => boolean }).isWellFormed;

/** A lone surrogate: a high one not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * True for a string every store keeps exactly: well-formed UTF-16 (no lone surrogate, which UTF-8
 * stores cannot encode) and no U+0000 (which PostgreSQL's text cannot hold). Every other character,
 * control characters included, is kept as it is.
 */
export const isStorableText = (value: string): boolean =>
  !value.includes('\u0000') &&
  (wellFormed === undefined ? !LONE_SURROGATE.test(value) : wellFormed.call(value));

/** True when every part of `value` is storable (see {@link unstorableJsonProblem}); the fast check. */
const isStorableJson = (value: unknown, depth: number): boolean => {
  switch (typeof value) {
    case 'string':
      return isStorableText(value);
    case 'number':
      return Number.isFinite(value);
    case 'boolean':
    case 'undefined':
      return true;
    case 'object': {
      if (value === null) return true;
      if (depth >= MAX_JSON_DEPTH) return false;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!isStorableJson(value[i], depth + 1)) return false;
        return true;
      }
      // `for…in` (inherited enumerable keys too, which only makes the check stricter) is the fastest walk.
      for (const key in value) {
        if (!isStorableText(key) || !isStorableJson((value as Record<string, unknown>)[key], depth + 1))
          return false;
      }
      return true;
    }
    default:
      return false;
  }
};

const shortKey = (key: string): string => (key.length <= 40 ? key : `${key.slice(0, 40)}…`);

/** Where {@link isStorableJson} failed, and why (run only once it has). */
const findProblem = (value: unknown, path: string, depth: number): string | null => {
  switch (typeof value) {
    case 'string':
      return isStorableText(value) ? null : `${path} must be well-formed text without U+0000`;
    case 'number':
      return Number.isFinite(value) ? null : `${path} must be a finite number`;
    case 'boolean':
    case 'undefined':
      return null;
    case 'object': {
      if (value === null) return null;
      if (depth >= MAX_JSON_DEPTH) return `${path} is nested more than ${MAX_JSON_DEPTH} deep`;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const problem = findProblem(value[i], `${path}[${i}]`, depth + 1);
          if (problem !== null) return problem;
        }
        return null;
      }
      for (const key in value) {
        if (!isStorableText(key)) return `a key in ${path} must be well-formed text without U+0000`;
        const problem = findProblem(
          (value as Record<string, unknown>)[key],
          `${path}.${shortKey(key)}`,
          depth + 1,
        );
        if (problem !== null) return problem;
      }
      return null;
    }
    default:
      return `${path} must be JSON data (not a ${typeof value})`;
  }
};

/**
 * Finds the first part of an event's `data` or `metadata` that a store could not keep exactly and
 * returns what is wrong, naming its path under `path` (e.g. `events[0].data.bidderId`), or null when
 * every part is storable: JSON values (null, booleans, finite numbers, arrays, objects) whose strings
 * and keys are {@link isStorableText}, nested at most {@link MAX_JSON_DEPTH} deep. `undefined` is
 * allowed where JSON drops it. The message never quotes the value.
 */
export const unstorableJsonProblem = (value: unknown, path: string): string | null =>
  isStorableJson(value, 0) ? null : findProblem(value, path, 0);
