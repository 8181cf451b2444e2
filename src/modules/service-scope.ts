/**
 * src/modules/: one folder per domain (types, mutations, permissions, loaders, services/). Services
 * take the actor and organization explicitly and use the tenant-scoped handle; nothing in modules/
 * reads HTTP, Express or WebSocket.
 */
import type { Actor } from '../auth/actor.js';
import type { Context } from '../graphql/context.js';
import type { TenantDb } from '../db/tenant.js';
import type { EventBus } from '../events/event-bus.js';
import { AppError, ErrorCode } from '../graphql/errors.js';
import type { Organization } from '../generated/prisma/client.js';

/**
 * What a service needs to act: who, in which organization, through which tenant-scoped handle, and
 * the request's id and address for the audit log. Services take it explicitly, never from globals.
 */
export interface ServiceScope {
  actor: Actor;
  organization: Organization;
  db: TenantDb;
  requestId: string;
  ip: string | undefined;
  /** Committed work is published here, after its transaction (never inside it). */
  events: EventBus;
}

/** Shield has already required an actor and an organization; this narrows the types. */
export function serviceScope(ctx: Context): ServiceScope {
  if (!ctx.actor || !ctx.organization) {
    throw new AppError(ErrorCode.FORBIDDEN, 'An authenticated actor and an active organization are required');
  }
  return { actor: ctx.actor, organization: ctx.organization, db: ctx.db, requestId: ctx.requestId, ip: ctx.ip, events: ctx.events };
}
