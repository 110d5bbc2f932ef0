/** Keys that would carry what the public must not see: a max, a floor, a bid's id. */
const SECRET_KEYS: ReadonlySet<string> = new Set([
  'max',
  'maxAmount',
  'floor',
  'runnerUpMax',
  'bidId',
  'bidderId',
]);

const walk = (
  value: unknown,
  visit: (key: string, value: unknown, parent: object) => string | null,
): string | null => {
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, child] of Object.entries(value)) {
    const problem = visit(key, child, value) ?? walk(child, visit);
    if (problem !== null) return problem;
  }
  return null;
};

/**
 * What is wrong with a public message (a published change, a feed frame), or null: a raw bidder id
 * anywhere in its text, a key that carries a secret (a max, a floor, a bid id, a raw bidder id), or a
 * beaten offer above the price shown with it.
 */
export const publicProblem = (text: string, bidderIds: readonly string[]): string | null => {
  for (const id of bidderIds) if (text.includes(id)) return `it carries the raw bidder id '${id}'`;
  return walk(JSON.parse(text), (key, value, parent) => {
    if (SECRET_KEYS.has(key)) return `it has a '${key}' field`;
    if (key === 'beaten' && typeof value === 'object' && value !== null) {
      const amount = (value as { amount?: unknown }).amount;
      const price = (parent as { price?: unknown }).price;
      if (typeof amount === 'number' && typeof price === 'number' && amount > price)
        return `a beaten offer of ${amount} is above the price ${price}`;
    }
    return null;
  });
};
