import { rule } from 'graphql-shield';
import type { IRule } from 'graphql-shield';
import type { Context } from '../graphql/context.js';
import { AppError, ErrorCode } from '../graphql/errors.js';
import type { Role } from '../generated/prisma/enums.js';
import { roleAtLeast, type Scope } from './actor.js';

/**
 * The rules every domain composes. Each checks one thing and reads only the context, so shield may
 * cache it per request ('contextual'). People are checked by role, API keys by scope: a rule for one
 * kind of actor never passes the other.
 */

/** Each check once, as a plain function: the single rules below and `canAct` share them. */
const authenticationRequired = (ctx: Context) =>
  ctx.actor ? true : new AppError(ErrorCode.UNAUTHENTICATED, 'Authentication required', { http: { status: 401 } });

const organizationRequired = (ctx: Context) => {
  if (ctx.organization) return true;
  if (ctx.organizationRefused) {
    return new AppError(ErrorCode.FORBIDDEN, `You are not a member of organization "${ctx.organizationRefused}"`);
  }
  return new AppError(ErrorCode.FORBIDDEN, 'Select an organization with the x-organization-id header');
};

const personWithRole = (ctx: Context, minimum: Role) => ctx.actor?.kind === 'user' && roleAtLeast(ctx.role, minimum);

const apiKeyWithScope = (ctx: Context, scope: Scope | 'any') =>
  ctx.actor?.kind === 'apiKey' && (scope === 'any' || ctx.actor.scopes.includes(scope));

/**
 * FORBIDDEN that says what was missing, in the terms of the caller: a person hears the role, an API
 * key the scope (or that only people may), so the fix is obvious from the response alone.
 */
function missingRoleOrScope(ctx: Context, minimumRole: Role, scope?: Scope | 'any') {
  const requiredScope = scope && scope !== 'any' ? { requiredScope: scope } : {};
  if (ctx.actor?.kind === 'apiKey') {
    const message = scope ? `Requires scope ${scope}` : `Requires a person with role ${minimumRole}; API keys cannot do this`;
    return new AppError(ErrorCode.FORBIDDEN, message, { requiredRole: minimumRole, ...requiredScope });
  }
  const yours = ctx.role ? ` (yours is ${ctx.role})` : '';
  return new AppError(ErrorCode.FORBIDDEN, `Requires role ${minimumRole} in the active organization${yours}`, {
    requiredRole: minimumRole,
    ...requiredScope,
  });
}

export const isAuthenticated = rule({ cache: 'contextual' })((_parent, _args, ctx: Context) => authenticationRequired(ctx));

export const isPerson = rule({ cache: 'contextual' })((_parent, _args, ctx: Context) =>
  ctx.actor?.kind === 'user' ? true : new AppError(ErrorCode.FORBIDDEN, 'Requires a person (a bearer token); API keys cannot do this'),
);

export const hasActiveOrganization = rule({ cache: 'contextual' })((_parent, _args, ctx: Context) => organizationRequired(ctx));

const scopeRules = new Map<Scope, IRule>();
/** An API key that carries `scope`. */
export function hasScope(scope: Scope) {
  const existing = scopeRules.get(scope);
  if (existing) return existing;
  const created = rule(`hasScope(${scope})`, { cache: 'contextual' })((_parent, _args, ctx: Context) =>
    apiKeyWithScope(ctx, scope) ? true : new AppError(ErrorCode.FORBIDDEN, `Requires an API key with scope ${scope}`, { requiredScope: scope }),
  );
  scopeRules.set(scope, created);
  return created;
}

const actRules = new Map<string, IRule>();
/**
 * The usual guard of a tenant field: an authenticated actor with an active organization who is a
 * person of at least `minimumRole` or, where `scope` is given, an API key carrying it (`'any'`: any
 * API key of the organization). It is `isAuthenticated`, `hasActiveOrganization` and "has the
 * role or the scope" decided in one rule, because it guards every field of the data types: as
 * `and(…, or(…))` shield evaluated five rules, each a promise, for every field of every row, and
 * that cost the dashboard query a third of its throughput. One contextual rule is decided once per
 * request and then read from shield's cache.
 */
export function canAct(minimumRole: Role, scope?: Scope | 'any') {
  const name = `canAct(${minimumRole},${scope ?? 'people only'})`;
  const existing = actRules.get(name);
  if (existing) return existing;
  const created = rule(name, { cache: 'contextual' })((_parent, _args, ctx: Context) => {
    const authenticated = authenticationRequired(ctx);
    if (authenticated !== true) return authenticated;
    const inOrganization = organizationRequired(ctx);
    if (inOrganization !== true) return inOrganization;
    if (personWithRole(ctx, minimumRole) || (scope !== undefined && apiKeyWithScope(ctx, scope))) return true;
    return missingRoleOrScope(ctx, minimumRole, scope);
  });
  actRules.set(name, created);
  return created;
}
