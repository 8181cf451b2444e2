/** Runs `read` when one of the slots is free; waiting reads queue in order. */
export type ReadSlots = <T>(read: () => Promise<T>) => Promise<T>;

/**
 * Every event is re-read once per organization and permission set among its subscribers
 * (modules/execution/execution.event-reads.ts), but a burst of events across many organizations is
 * still many reads at once. Unbounded, they would take every pooled connection and mutations then
 * wait past Prisma's 2 s transaction wait and fail (seen in the fan-out benchmark when each
 * subscriber read for itself). Bounding the re-reads to part of the pool keeps connections free for
 * requests; the events' reads queue instead.
 */
export function createReadSlots(slots: number): ReadSlots {
  let busy = 0;
  const waiting: Array<() => void> = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else busy -= 1;
  };
  return async (read) => {
    if (busy < slots) busy += 1;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await read();
    } finally {
      release();
    }
  };
}
