import { AsyncLocalStorage } from 'node:async_hooks';
import type { Actor } from '../auth/actor.js';

/**
 * What the gateway learns about one GraphQL request while serving it, for its log line and its
 * metrics. The pieces are learnt in different places (context creation, Apollo's operation
 * resolution, formatError, Express middleware that refuses early), so the record travels with the
 * request's async work. It is the process's only AsyncLocalStorage: on Node 20 each one is visited
 * by the promise hook on every promise created, so the request id travels in it too.
 */
export interface Observation {
  /** The request's id, for the places Apollo calls without our context (formatError, its log line). */
  requestId: string;
  /** The operation Apollo chose; null for an anonymous one; unset if it never got that far. */
  operationName?: string | null;
  actorKind?: Actor['kind'] | 'anonymous';
  organizationId?: string;
  /** The first error code of the response; unset when it carried none. */
  errorCode?: string;
  /** The abuse limits a QUERY_TOO_COMPLEX response named. */
  limits: string[];
  /** How long the request waited in its organization's admission queue (admission/). */
  admissionWaitMs?: number;
}

const storage = new AsyncLocalStorage<Observation>();

export const observeRequest = <T>(observation: Observation, fn: () => T): T => storage.run(observation, fn);

export const currentRequestId = (): string | undefined => storage.getStore()?.requestId;

export function noteContext<C extends { actor: Actor | null; organization: { id: string } | null }>(context: C): C {
  const observation = storage.getStore();
  if (observation) {
    observation.actorKind = context.actor?.kind ?? 'anonymous';
    observation.organizationId = context.organization?.id;
  }
  return context;
}

export function noteAdmission(waitedMs: number): void {
  const observation = storage.getStore();
  if (observation) observation.admissionWaitMs = waitedMs;
}

export function noteOperation(operationName: string | null): void {
  const observation = storage.getStore();
  if (observation) observation.operationName = operationName;
}

/** Records an error the response carries (formatted, as the client sees it); returns it unchanged. */
export function noteError<E extends { extensions?: Record<string, unknown> }>(error: E): E {
  const observation = storage.getStore();
  const code = error?.extensions?.code;
  if (observation && typeof code === 'string') {
    observation.errorCode ??= code;
    const limit = error.extensions?.limit;
    if (typeof limit === 'string') observation.limits.push(limit);
  }
  return error;
}
