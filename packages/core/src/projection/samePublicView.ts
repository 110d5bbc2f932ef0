import type { PublicView } from '../auction/publicView';

/** Deep equality of plain JSON values (objects compared by their defined keys, in any order). */
const sameJson = (a: unknown, b: unknown): boolean => {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left).filter((key) => left[key] !== undefined);
  const otherKeys = Object.keys(right).filter((key) => right[key] !== undefined);
  return keys.length === otherKeys.length && keys.every((key) => sameJson(left[key], right[key]));
};

/** True when two public views show the same thing (null is the view of an auction that does not exist). */
export const samePublicView = (a: PublicView | null, b: PublicView | null): boolean => sameJson(a, b);
