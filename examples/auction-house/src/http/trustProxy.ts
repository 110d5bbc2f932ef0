/** fastify's `trustProxy` for a setting of `GAVEL_TRUST_PROXY`. */
export type TrustProxySetting = false | string | ((address: string, hop: number) => boolean);

/**
 * fastify's `trustProxy` from `GAVEL_TRUST_PROXY`: false (no proxy: the client is the TCP peer), a hop
 * count (trust that many proxies in front, as proxy-addr counts them) or addresses and subnets
 * separated by commas.
 */
export const trustProxySetting = (value: number | string | false): TrustProxySetting =>
  typeof value === 'number' ? (_address, hop) => hop < value : value;
