/**
 * What travels between replicas when work commits: ids only, never row data. The row is re-read
 * under the subscriber's organization's tenant session (once for all its subscribers with the same
 * permissions), so an event delivered to the wrong socket still cannot carry another tenant's data.
 */
export type GatewayEvent =
  /** An execution was created or changed status. */
  | { kind: 'execution'; organizationId: string; executionId: string; workflowId: string }
  /** A person's membership changed or ended: their live subscriptions in that organization are re-checked. */
  | { kind: 'membership'; organizationId: string; userId: string }
  /** An API key was revoked: the sockets it opened end. */
  | { kind: 'api-key'; organizationId: string; apiKeyId: string };

/** The event bus lost its link to Redis or PostgreSQL (events may be missed), or got it back. */
export type BusStatus = 'interrupted' | 'resumed';

const isId = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= 64;

/** A message from the transport, checked: anything else (another program on the channel) is dropped. */
export function parseEvent(text: string): GatewayEvent | undefined {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (value?.kind === 'execution' && isId(value.organizationId) && isId(value.executionId) && isId(value.workflowId)) {
    return { kind: 'execution', organizationId: value.organizationId, executionId: value.executionId, workflowId: value.workflowId };
  }
  if (value?.kind === 'membership' && isId(value.organizationId) && isId(value.userId)) {
    return { kind: 'membership', organizationId: value.organizationId, userId: value.userId };
  }
  if (value?.kind === 'api-key' && isId(value.organizationId) && isId(value.apiKeyId)) {
    return { kind: 'api-key', organizationId: value.organizationId, apiKeyId: value.apiKeyId };
  }
  return undefined;
}

/** How events reach every replica (this one included): in process, Redis pub/sub, or LISTEN/NOTIFY. */
export interface EventTransport {
  readonly kind: 'in-process' | 'redis' | 'postgres';
  start(handlers: { message(text: string): void; status(status: BusStatus): void }): Promise<void>;
  /** Rejects while the link is away: the publisher logs it, the mutation has committed regardless. */
  send(text: string): Promise<void>;
  close(): Promise<void>;
}
