/** Runs `read` when one of the slots is free; waiting reads queue in order. */
export type ReadSlots = <T>(read: () => Promise<T>) => Promise<T>;

/**
 * Every event is re-read once per subscriber: a thousand subscribers are a thousand reads at once.
 * Unbounded, they take every pooled connection and mutations then wait past Prisma's 2 s
 * transaction wait and fail (seen in the fan-out benchmark). Bounding the re-reads to part of the
 * pool keeps connections free for requests; the subscribers' events queue instead.
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
