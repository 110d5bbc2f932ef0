import { describe, expect, it } from 'vitest';
import { INTERNAL_STREAM_PREFIX, isInternalStream, USER_STREAMS_PATTERN } from './internalStreams';
import { generationStreams, registryStream } from './processors/processorStreams';

describe('internal streams (EventStoreDB)', () => {
  const pattern = new RegExp(USER_STREAMS_PATTERN);
  const ownStreams = [
    registryStream('closer'),
    ...Object.values(generationStreams('a-b.c_d', 3)).map((name) =>
      typeof name === 'string' ? name : name(7),
    ),
  ];

  it("names every processor stream with the adapter's prefix", () => {
    for (const name of ownStreams) {
      expect(name.startsWith(INTERNAL_STREAM_PREFIX)).toBe(true);
      expect(isInternalStream(name)).toBe(true);
    }
    expect(ownStreams).toEqual([
      'gavel.processor-closer',
      'gavel.processor-a-b.c_d/3/members',
      'gavel.processor-a-b.c_d/3/partition-7',
      'gavel.processor-a-b.c_d/3/state-7',
    ]);
  });

  it('lets the all-streams filter through user streams only: not system streams, not its own', () => {
    for (const name of ['auction-1', 'gavel-x', 'gavel.processorx-1', 'gavelxprocessor-1', 'a$b'])
      expect(pattern.test(name), name).toBe(true);
    for (const name of ['$all', '$$auction-1', '$ce-auction', ...ownStreams])
      expect(pattern.test(name), name).toBe(false);
  });
});
