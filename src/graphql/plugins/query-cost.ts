import type { ApolloServerPlugin } from '@apollo/server';
import type { ChargeCost } from '../../admission/cost-budget.js';
import { costViolation, measureCost } from '../../limits/cost-limit.js';
import { limitExceeded } from '../../limits/limit-exceeded.js';
import type { Context } from '../context.js';

export interface QueryCostOptions {
  /** The most an operation may cost under the model in limits/operation-cost.ts (MAX_COST). */
  maxCost?: number;
  /** The organization's cost budget (TENANT_COST_PER_MINUTE); none when unset. */
  chargeCost?: ChargeCost;
}

/**
 * Refuses an operation whose cost exceeds `maxCost` with QUERY_TOO_COMPLEX (HTTP 400), before it
 * executes, then charges the cost to the organization's budget (RATE_LIMITED past it). It runs once
 * Apollo has chosen the operation, so page sizes given as variables are known, and it applies to
 * every request: free text, automatic persisted queries and trusted documents alike.
 */
export function queryCost({ maxCost, chargeCost }: QueryCostOptions = {}): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request, schema, contextValue }) {
          if (!operation) return;
          const cost = measureCost(schema, document, operation, request.variables ?? {});
          const violation = costViolation(cost, maxCost);
          if (violation) throw limitExceeded(violation);
          await chargeCost?.(contextValue.organization, cost);
        },
      };
    },
  };
}
