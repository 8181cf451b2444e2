/**
 * Token buckets: each identity's bucket holds up to `capacity` tokens and refills continuously at
 * `refillPerSecond`; a request takes one token or is refused. The store is an interface so that
 * buckets can live in the process or, shared by every replica, in Redis.
 */
export interface BucketLimit {
  capacity: number;
  refillPerSecond: number;
}

export interface TakeResult {
  allowed: boolean;
  /** When refused: whole seconds until the bucket holds a token again (at least 1). */
  retryAfterSeconds: number;
}

export interface BucketStore {
  /**
   * Takes `cost` tokens (default 1) from `key`'s bucket, which starts full. Allowed while the bucket
   * holds at least one token; a larger cost may then leave it in debt, which later requests wait out.
   * So a request costing more than the whole capacity is still possible, once the bucket is full.
   */
  take(key: string, limit: BucketLimit, cost?: number): Promise<TakeResult>;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export const secondsUntilToken = (tokens: number, limit: BucketLimit) => Math.max(1, Math.ceil((1 - tokens) / limit.refillPerSecond));

/**
 * Buckets in this process: the store without Redis, and the fallback while Redis is away. The least
 * recently used bucket is forgotten beyond `maxBuckets` identities, which bounds memory at the price
 * of a fresh (full) bucket for an identity idle that long.
 */
export class MemoryBucketStore implements BucketStore {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly maxBuckets = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  async take(key: string, limit: BucketLimit, cost = 1): Promise<TakeResult> {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: limit.capacity, updatedAt: now };
    const elapsedSeconds = Math.max(0, now - bucket.updatedAt) / 1000;
    let tokens = Math.min(limit.capacity, bucket.tokens + elapsedSeconds * limit.refillPerSecond);
    const allowed = tokens >= 1;
    if (allowed) tokens -= cost;
    this.buckets.delete(key);
    this.buckets.set(key, { tokens, updatedAt: now });
    if (this.buckets.size > this.maxBuckets) this.buckets.delete(this.buckets.keys().next().value!);
    return { allowed, retryAfterSeconds: allowed ? 0 : secondsUntilToken(tokens, limit) };
  }
}
