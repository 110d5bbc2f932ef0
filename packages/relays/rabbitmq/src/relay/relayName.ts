import { fnv1a32 } from '@gavel/core';

const NAME_CHARACTERS = /^[A-Za-z0-9_.-]*$/;

/**
 * The default processor name of a relay: `gavel-rabbitmq-relay-<exchange>` (public audience:
 * `gavel-rabbitmq-relay-<exchange>-public`). An exchange name with characters a processor name may not
 * hold, or too long, is written with those replaced by `_`, cut to 60 characters, and followed by `-`
 * and the 8-hex-digit FNV-1a hash of the exchange name, so that two exchanges never share a name.
 */
export const defaultRelayName = (exchange: string, audience: 'internal' | 'public'): string => {
  const prefix = 'gavel-rabbitmq-relay-';
  const suffix = audience === 'public' ? '-public' : '';
  if (NAME_CHARACTERS.test(exchange) && prefix.length + exchange.length + suffix.length <= 100)
    return prefix + exchange + suffix;
  const hash = fnv1a32(exchange).toString(16).padStart(8, '0');
  return `${prefix}${exchange.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 60)}-${hash}${suffix}`;
};
