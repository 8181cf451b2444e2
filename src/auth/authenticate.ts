/**
 * src/auth/: credentials to actor (bearer tokens, API keys), tenant selection, and the shield rules
 * modules share. Imports db/ (privileged look-ups) and graphql/errors.ts; never http/.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { PrismaClient } from '../db/client.js';
import { findMembership, type Membership } from '../db/privileged.js';
import type { Organization, Role } from '../generated/prisma/client.js';
import { AppError, ErrorCode } from '../graphql/errors.js';
import { textProblem } from '../input/storable-value.js';
import type { Actor } from './actor.js';
import { authenticateApiKey } from './api-key.js';
import type { TokenVerifier } from './bearer-token.js';

/** The outcome of authentication and tenant selection for one request. */
export interface Authentication {
  actor: Actor | null;
  organization: Organization | null;
  /** A person's role in the active organization, always from the membership row. */
  role: Role | null;
  /** Set when the request named an organization this person cannot use (or that does not exist). */
  organizationRefused: string | null;
}

const anonymous: Authentication = { actor: null, organization: null, role: null, organizationRefused: null };

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() || undefined;
}

type Credentials = { kind: 'bearer'; token: string } | { kind: 'apiKey'; key: string } | null;

const malformed = (message: string) => new AppError(ErrorCode.UNAUTHENTICATED, message, { http: { status: 401 } });

/**
 * A credential header that is present counts, even when empty or unreadable: a client that meant to
 * authenticate and got it wrong must hear so, not be served as anonymous (or by the other header).
 */
function readCredentials(headers: IncomingHttpHeaders): Credentials {
  const hasAuthorization = headers.authorization !== undefined;
  const hasApiKeyHeader = headers['x-api-key'] !== undefined;
  if (hasAuthorization && hasApiKeyHeader) throw malformed('Send one credential: either Authorization or x-api-key, not both');
  if (hasApiKeyHeader) {
    const apiKey = header(headers, 'x-api-key');
    if (!apiKey) throw malformed('The x-api-key header is empty');
    return { kind: 'apiKey', key: apiKey };
  }
  if (!hasAuthorization) return null;
  const [scheme, value] = header(headers, 'authorization')?.split(/\s+/, 2) ?? [];
  if (scheme?.toLowerCase() === 'bearer' && value) return { kind: 'bearer', token: value };
  if (scheme?.toLowerCase() === 'apikey' && value) return { kind: 'apiKey', key: value };
  throw malformed('The Authorization header must be "Bearer <token>" or "ApiKey <key>"');
}

/**
 * The credentials' verdict before tenant selection: for a person who named an organization,
 * `membershipToCheck` says which membership decides `organization` and `role` (still null here).
 * The HTTP context checks it in the first statement of the request session
 * (db/request-session.ts), other callers with `checkMembership`.
 */
export interface Identified extends Authentication {
  membershipToCheck?: { userId: string; organization: string };
}

/** Longer than any organization id (a UUID) or slug (40 characters). */
const MAX_ORGANIZATION_SELECTOR = 100;

async function identifyPerson(verifyToken: TokenVerifier, token: string, requestedOrg?: string): Promise<Identified> {
  const claims = await verifyToken(token);
  const actor: Actor = { kind: 'user', userId: claims.userId, email: claims.email };
  if (!requestedOrg) return { ...anonymous, actor };
  // A name no organization can have (a NUL, an unpaired surrogate, too long: possible in a
  // connection_init payload) is refused like an unknown one, without a look-up that would fail.
  if (textProblem(requestedOrg, MAX_ORGANIZATION_SELECTOR)) return { ...anonymous, actor, organizationRefused: requestedOrg };
  return { ...anonymous, actor, membershipToCheck: { userId: claims.userId, organization: requestedOrg } };
}

/** The tenant a membership selects; no membership refuses the organization the person named. */
export function withMembership({ membershipToCheck, ...identified }: Identified, membership: Membership | null): Authentication {
  if (!membershipToCheck) return identified;
  if (!membership) return { ...identified, organizationRefused: membershipToCheck.organization };
  return { ...identified, organization: membership.organization, role: membership.role, organizationRefused: null };
}

export async function checkMembership(base: PrismaClient, identified: Identified): Promise<Authentication> {
  const check = identified.membershipToCheck;
  return withMembership(identified, check ? await findMembership(base, check.userId, check.organization) : null);
}

/**
 * Bearer token → person, with the organization named by `x-organization-id` (id or slug) still to
 * be checked; API key → its one organization. Credentials that are present but bad (malformed,
 * empty, unknown, revoked, expired, wrongly signed) throw UNAUTHENTICATED.
 */
export async function identify(headers: IncomingHttpHeaders, deps: { base: PrismaClient; verifyToken: TokenVerifier }): Promise<Identified> {
  const credentials = readCredentials(headers);
  if (!credentials) return anonymous;
  if (credentials.kind === 'bearer') return identifyPerson(deps.verifyToken, credentials.token, header(headers, 'x-organization-id'));
  const { actor, organization } = await authenticateApiKey(deps.base, credentials.key);
  return { actor, organization, role: null, organizationRefused: null };
}

/** `identify`, then the membership check: the actor and the active organization, decided. */
export async function authenticate(headers: IncomingHttpHeaders, deps: { base: PrismaClient; verifyToken: TokenVerifier }): Promise<Authentication> {
  return checkMembership(deps.base, await identify(headers, deps));
}
