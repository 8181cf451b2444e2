import type { IncomingHttpHeaders } from 'node:http';
import { authenticate, type Authentication } from '../auth/authenticate.js';
import type { TokenVerifier } from '../auth/bearer-token.js';
import type { PrismaClient } from '../db/client.js';
import { AppError, ErrorCode } from '../graphql/errors.js';
import type { LimitRate } from '../rate-limit/rate-limit.js';
import { CloseCode } from './close-codes.js';

export interface AdmissionDeps {
  base: PrismaClient;
  verifyToken: TokenVerifier;
  limitRate: LimitRate;
  maxSocketsPerOrganization: number;
}

export type Admission =
  | { admitted: true; auth: Authentication & { organization: NonNullable<Authentication['organization']> } }
  | { admitted: false; code: number; reason: string };

const refuse = (code: number, reason: string): Admission => ({ admitted: false, code, reason });

/** Open sockets per organization on this replica, for WS_MAX_SOCKETS_PER_ORGANIZATION. */
export class OrganizationSockets {
  private readonly counts = new Map<string, number>();

  tryOpen(organizationId: string, max: number): boolean {
    const count = this.counts.get(organizationId) ?? 0;
    if (count >= max) return false;
    this.counts.set(organizationId, count + 1);
    return true;
  }

  closed(organizationId: string): void {
    const count = (this.counts.get(organizationId) ?? 1) - 1;
    if (count <= 0) this.counts.delete(organizationId);
    else this.counts.set(organizationId, count);
  }
}

/**
 * connection_init: the same authentication and tenant selection as an HTTP request (and charged to
 * the same rate-limit budget), mapped to close codes. A socket must name its organization: every
 * subscription is tenant-scoped.
 */
export async function admitConnection(deps: AdmissionDeps, sockets: OrganizationSockets, headers: IncomingHttpHeaders, ip: string | undefined): Promise<Admission> {
  let auth: Authentication;
  try {
    auth = await deps.limitRate(ip, () => authenticate(headers, deps));
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.extensions.code === ErrorCode.RATE_LIMITED) return refuse(CloseCode.TooMany, 'Too many requests');
    return refuse(CloseCode.Unauthorized, error.message);
  }
  if (!auth.actor) return refuse(CloseCode.Unauthorized, 'Authentication required: send authorization or x-api-key');
  if (!auth.organization) {
    return refuse(CloseCode.Forbidden, auth.organizationRefused ? 'You are not a member of this organization' : 'Select an organization with x-organization-id');
  }
  if (!sockets.tryOpen(auth.organization.id, deps.maxSocketsPerOrganization)) {
    return refuse(CloseCode.TooMany, 'Too many sockets for this organization');
  }
  return { admitted: true, auth: { ...auth, organization: auth.organization } };
}
