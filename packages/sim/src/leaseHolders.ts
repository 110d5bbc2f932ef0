/**
 * Who holds each processor partition's lease, as the database granted it: to check fencing, i.e. that
 * the store accepts a checkpoint only from the partition's current holder, never from an owner whose
 * lease was taken over since.
 */
export interface LeaseHolders {
  /** The database granted `owner` the partition's lease, under `token`. */
  granted(processor: string, partition: number, owner: string, token: number): void;
  /** `owner` released these partitions (those it held). */
  released(processor: string, partitions: readonly number[], owner: string): void;
  /** What is wrong with the database accepting this checkpoint from `owner`, or null. */
  accepted(processor: string, partition: number, owner: string | undefined, token: number): string | null;
}

/** Creates the table, empty. */
export const createLeaseHolders = (): LeaseHolders => {
  const holders = new Map<string, { owner: string; token: number }>();
  const key = (processor: string, partition: number): string => `${processor}/${partition}`;
  return {
    granted: (processor, partition, owner, token) => holders.set(key(processor, partition), { owner, token }),
    released: (processor, partitions, owner) => {
      for (const partition of partitions)
        if (holders.get(key(processor, partition))?.owner === owner)
          holders.delete(key(processor, partition));
    },
    accepted: (processor, partition, owner, token) => {
      const holder = holders.get(key(processor, partition));
      if (holder === undefined || (holder.owner === owner && holder.token === token)) return null;
      return `${processor} partition ${partition}: a checkpoint of ${owner ?? 'an unknown owner'} (token ${token}) was accepted while ${holder.owner} holds the lease (token ${holder.token})`;
    },
  };
};
