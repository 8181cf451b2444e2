import { getOperationAST, GraphQLError, parse, validate, type DocumentNode, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import type { SubscribePayload } from 'graphql-ws';
import { createContext, type Context, type ContextDeps } from '../graphql/context.js';
import { AppError, ErrorCode } from '../graphql/errors.js';
import { checkOperation } from '../graphql/operation-checks.js';
import type { Admission } from '../admission/admission.js';
import type { ChargeCost } from '../admission/cost-budget.js';
import { laneOfOrganization, type RequestLane } from '../admission/lanes.js';
import { limitExceeded, type LimitViolation } from '../limits/limit-exceeded.js';
import type { OperationDecision, OperationRequest } from '../persisted/operation-policy.js';
import type { LimitRate } from '../rate-limit/rate-limit.js';
import { usesApiKey } from './credentials.js';
import type { ReadSlots } from './read-slots.js';
import type { SocketSession } from './socket-session.js';

export interface SubscribePipelineDeps {
  schema: GraphQLSchema;
  context: ContextDeps;
  decideOperation: (request: OperationRequest) => Promise<OperationDecision>;
  documentLimits: (text: string) => LimitViolation[];
  maxCost: number;
  /** The organization's cost budget (TENANT_COST_PER_MINUTE), charged as over HTTP. */
  chargeCost?: ChargeCost;
  limitRate: LimitRate;
  eventReads: ReadSlots;
  /** Fair admission: an event's re-read waits for its organization's turn, as an HTTP request does. */
  admission: Admission;
}

type Prepared = ExecutionArgs | readonly GraphQLError[];

const badInput = (message: string) => [new AppError(ErrorCode.BAD_USER_INPUT, message)];

/** What the subscribe message names: text, a trusted document's id, or a persisted-query hash. */
function operationRequest(session: SocketSession, payload: SubscribePayload & { documentId?: unknown }): OperationRequest {
  const hash = (payload.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined)?.sha256Hash;
  return {
    // graphql-ws requires a string: a client naming a document by id sends "" as its text.
    query: payload.query === '' ? undefined : payload.query,
    documentId: typeof payload.documentId === 'string' ? payload.documentId : undefined,
    sha256Hash: typeof hash === 'string' ? hash : undefined,
    apiKey: usesApiKey(session.headers),
  };
}

function parseDocument(text: string): DocumentNode | readonly GraphQLError[] {
  try {
    return parse(text);
  } catch (error) {
    return badInput((error as GraphQLError).message);
  }
}

/** A subscription's re-reads: admitted in its organization's lane first, then within the read slots. */
function admittedReads(deps: SubscribePipelineDeps, lane: RequestLane): ReadSlots {
  return <T>(read: () => Promise<T>) => deps.admission.run(lane, () => deps.eventReads(read));
}

/**
 * Every `subscribe` message passes what an HTTP request passes, through the same concern functions:
 * authentication and tenant selection with the rate limit (on the same budget), the
 * persisted-operation policy, the document limits, validation, then graphql/operation-checks.ts
 * (the cost limit, the storable argument values, the cost budget). Shield
 * then guards the subscription field and every field of every payload, as over HTTP. Queries and
 * mutations belong on HTTP and are refused here.
 */
export function createSubscribePipeline(deps: SubscribePipelineDeps) {
  return async (session: SocketSession, payload: SubscribePayload): Promise<Prepared> => {
    // Credentials and the rate limit first, as on HTTP: an expired token hears that before anything else.
    let context: Context;
    try {
      context = await deps.limitRate(session.ip, () => createContext(deps.context, { headers: session.headers, ip: session.ip, longLived: true }));
    } catch (error) {
      if (error instanceof AppError) return [error];
      throw error;
    }
    const decision = await deps.decideOperation(operationRequest(session, payload));
    if (decision.kind === 'refuse') return [new AppError(decision.code, decision.message)];
    const text = decision.query ?? payload.query;
    if (!text) return badInput('Send the subscription as query text, or name a registered operation by documentId');
    const exceeded = deps.documentLimits(text);
    if (exceeded.length > 0) return exceeded.map(limitExceeded);
    const document = parseDocument(text);
    if (!('kind' in document)) return document;
    const invalid = validate(deps.schema, document);
    if (invalid.length > 0) return invalid.map((error) => new AppError(ErrorCode.BAD_USER_INPUT, error.message));
    const operation = getOperationAST(document, payload.operationName);
    if (!operation) return badInput('The document names no operation to run (send operationName)');
    if (operation.operation !== 'subscription') {
      return [new AppError(ErrorCode.UNSUPPORTED_OPERATION, `Send ${operation.operation} operations over HTTP (POST /graphql); this socket serves subscriptions`)];
    }
    const variables = payload.variables ?? {};
    try {
      await checkOperation({ schema: deps.schema, document, operation, variables, organization: context.organization }, deps);
    } catch (error) {
      if (error instanceof AppError) return [error];
      throw error;
    }
    return {
      schema: deps.schema,
      document,
      operationName: payload.operationName,
      variableValues: variables,
      contextValue: { ...context, sessionEnd: session.signal, eventReads: admittedReads(deps, laneOfOrganization(context.organization)) },
    };
  };
}
