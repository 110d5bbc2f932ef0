/**
 * The problem with an exchange or queue name, or null: RabbitMQ takes 1 to 255 bytes of UTF-8, and
 * names starting with `amq.` are the broker's own.
 */
export const amqpNameProblem = (value: unknown, what: string): string | null => {
  if (typeof value !== 'string' || value.length === 0) return `${what} must be a non-empty string`;
  if (Buffer.byteLength(value, 'utf8') > 255) return `${what} must be at most 255 bytes of UTF-8`;
  if (value.startsWith('amq.')) return `${what} must not start with 'amq.' (the broker's own names)`;
  return null;
};
