import type { Plan } from '../generated/prisma/enums.js';
import { MemoryBucketStore, type BucketStore } from '../rate-limit/bucket-store.js';
import { RedisBucketStore } from '../rate-limit/redis-bucket-store.js';
import type { Redis } from '../runtime/redis.js';
import { AdmissionRefused } from './refusal.js';

/** TENANT_COST_PER_MINUTE is the FREE plan's budget; larger plans get this many times it (README). */
export const PLAN_BUDGET_FACTORS: Record<Plan, number> = { FREE: 1, TEAM: 5, ENTERPRISE: 20 };

/** Charges an operation's cost (limits/operation-cost.ts) to its organization; throws AdmissionRefused past the budget. */
export type ChargeCost = (organization: { id: string; plan: Plan } | null, cost: number) => Promise<void>;

export interface CostBudgetOptions {
  /** Query-cost units per minute at plan FREE (TENANT_COST_PER_MINUTE). */
  perMinute: number;
  /** Shared by the replicas through Redis; in process without it. */
  store?: BucketStore;
}

/**
 * A token bucket per organization holding a minute's budget and refilling continuously. An
 * operation is charged once its cost is known (after validation) and runs while the bucket is not
 * empty; a costly one may leave it in debt, which the organization's next requests wait out with
 * RATE_LIMITED (scope "organization"). Requests without an organization have no budget: they
 * touch no tenant's data and the per-person rate limit bounds them.
 */
export function costBudget({ perMinute, store = new MemoryBucketStore() }: CostBudgetOptions): ChargeCost {
  return async (organization, cost) => {
    if (!organization) return;
    const capacity = perMinute * PLAN_BUDGET_FACTORS[organization.plan];
    const { allowed, retryAfterSeconds } = await store.take(`org:${organization.id}`, { capacity, refillPerSecond: capacity / 60 }, cost);
    if (!allowed) throw new AdmissionRefused('cost budget spent', retryAfterSeconds);
  };
}

/** The configured budget, in Redis when there is one; undefined when TENANT_COST_PER_MINUTE is unset. */
export function openCostBudget(perMinute: number | undefined, redis: Redis | undefined, redisPrefix: string): ChargeCost | undefined {
  if (perMinute === undefined) return undefined;
  return costBudget({ perMinute, store: redis ? new RedisBucketStore(redis, { keyPrefix: `${redisPrefix}cost:` }) : undefined });
}
