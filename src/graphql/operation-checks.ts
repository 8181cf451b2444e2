import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import type { ChargeCost } from '../admission/cost-budget.js';
import { argumentProblem, refusedArgument } from '../input/argument-problems.js';
import { costViolation, measureCost } from '../limits/cost-limit.js';
import { limitExceeded } from '../limits/limit-exceeded.js';
import type { Context } from './context.js';

export interface OperationCheckOptions {
  /** The most an operation may cost under the model in limits/operation-cost.ts (MAX_COST). */
  maxCost?: number;
  /** The organization's cost budget (TENANT_COST_PER_MINUTE); none when unset. */
  chargeCost?: ChargeCost;
}

/** An operation once its transport has parsed, validated and chosen it. */
export interface ChosenOperation {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables: Record<string, unknown>;
  organization: Context['organization'];
}

/**
 * What every chosen operation passes before it executes, on both transports, in this order: the cost
 * limit (QUERY_TOO_COMPLEX), the argument values the gateway cannot store or look up exactly
 * (BAD_USER_INPUT), then the charge to its organization's cost budget (RATE_LIMITED). The charge is
 * last so that an operation refused for anything else costs its organization nothing. Throws the
 * refusal as an AppError.
 */
export async function checkOperation(chosen: ChosenOperation, { maxCost, chargeCost }: OperationCheckOptions): Promise<void> {
  const cost = measureCost(chosen.schema, chosen.document, chosen.operation, chosen.variables);
  const tooCostly = costViolation(cost, maxCost);
  if (tooCostly) throw limitExceeded(tooCostly);
  const refused = argumentProblem(chosen.schema, chosen.document, chosen.operation, chosen.variables);
  if (refused) throw refusedArgument(refused);
  await chargeCost?.(chosen.organization, cost);
}
