import { and, or, rule } from 'graphql-shield';
import type { IRule } from 'graphql-shield';
import type { Context } from '../context.js';
import { AppError, ErrorCode } from '../errors.js';
import type { Role } from '../generated/prisma/enums.js';
import { roleAtLeast, type Scope } from './actor.js';

/**
 * The rules every domain composes. Each checks one thing and reads only the context, so shield may
 * cache it per request ('contextual'). People are checked by role, API keys by scope: a rule for one
 * kind of actor never passes the other.
 */

export const isAuthenticated = rule({ cache: 'contextual' })((_parent, _args, ctx: Context) =>
  ctx.actor ? true : new AppError(ErrorCode.UNAUTHENTICATED, 'Authentication required', { http: { status: 401 } }),
);

export const isPerson = rule({ cache: 'contextual' })((_parent, _args, ctx: Context) => ctx.actor?.kind === 'user');

export const isApiKey = rule({ cache: 'contextual' })((_parent, _args, ctx: Context) => ctx.actor?.kind === 'apiKey');

export const hasActiveOrganization = rule({ cache: 'contextual' })((_parent, _args, ctx: Context) => {
  if (ctx.organization) return true;
  if (ctx.organizationRefused) {
    return new AppError(ErrorCode.FORBIDDEN, `You are not a member of organization "${ctx.organizationRefused}"`);
  }
  return new AppError(ErrorCode.FORBIDDEN, 'Select an organization with the x-organization-id header');
});

const roleRules = new Map<Role, IRule>();
/** A person whose membership role is at least `minimum`. */
export function hasRole(minimum: Role) {
  const existing = roleRules.get(minimum);
  if (existing) return existing;
  const created = rule(`hasRole(${minimum})`, { cache: 'contextual' })(
    (_parent, _args, ctx: Context) => ctx.actor?.kind === 'user' && roleAtLeast(ctx.role, minimum),
  );
  roleRules.set(minimum, created);
  return created;
}

const scopeRules = new Map<Scope, IRule>();
/** An API key that carries `scope`. */
export function hasScope(scope: Scope) {
  const existing = scopeRules.get(scope);
  if (existing) return existing;
  const created = rule(`hasScope(${scope})`, { cache: 'contextual' })(
    (_parent, _args, ctx: Context) => ctx.actor?.kind === 'apiKey' && ctx.actor.scopes.includes(scope),
  );
  scopeRules.set(scope, created);
  return created;
}

/**
 * The usual guard of a tenant field: an authenticated actor with an active organization who is a
 * person of at least `minimumRole` or, where `scope` is given, an API key carrying it (`'any'`: any
 * API key of the organization).
 */
export function canAct(minimumRole: Role, scope?: Scope | 'any') {
  const apiKeyRule = scope === 'any' ? isApiKey : scope ? hasScope(scope) : undefined;
  const actorMayAct = apiKeyRule ? or(hasRole(minimumRole), apiKeyRule) : hasRole(minimumRole);
  return and(isAuthenticated, hasActiveOrganization, actorMayAct);
}
