import type { Authentication, Identified } from '../auth/authenticate.js';
import type { Plan } from '../generated/prisma/enums.js';

/** The organization a request is admitted (and charged) under, as far as admission can tell. */
export interface RequestLane {
  /** The queue: `org:<id>`, `person:<user id>` (membership not yet known) or `none`. */
  key: string;
  organization: { id: string; plan: Plan } | null;
  /** Turns per round when capacity is handed out (fair-queue.ts). */
  weight: number;
}

/** Larger plans get more turns when the replica is full; documented in the README. */
export const PLAN_WEIGHTS: Record<Plan, number> = { FREE: 1, TEAM: 2, ENTERPRISE: 4 };

export const NO_ORGANIZATION: RequestLane = { key: 'none', organization: null, weight: 1 };

export const organizationLane = (organization: { id: string; plan: Plan }): RequestLane => ({
  key: `org:${organization.id}`,
  organization: { id: organization.id, plan: organization.plan },
  weight: PLAN_WEIGHTS[organization.plan],
});

/** The lane of a request whose organization is settled (a subscription's, after its membership check). */
export const laneOfOrganization = (organization: { id: string; plan: Plan } | null): RequestLane =>
  organization ? organizationLane(organization) : NO_ORGANIZATION;

interface Verified {
  organization: { id: string; plan: Plan };
  expiresAt: number;
}

/**
 * Which lane a request joins, decided before its body is read. An API key names its organization
 * (authentication looked the key up). A person only claims one (`x-organization-id`): the
 * membership is checked later, in the request's first statement. So a claim joins its
 * organization's lane only once this replica has seen that person's membership confirmed (within
 * `ttlMs`); until then it waits in the person's own lane. A header naming an organization the
 * person does not belong to is therefore never queued, run or charged as that organization: it
 * cannot use up another tenant's share.
 */
export class Lanes {
  private readonly verified = new Map<string, Verified>();

  constructor(
    private readonly ttlMs = 60_000,
    private readonly maxEntries = 50_000,
    private readonly now: () => number = Date.now,
  ) {}

  of(identified: Identified): RequestLane {
    if (identified.organization) return organizationLane(identified.organization);
    const claim = identified.membershipToCheck;
    if (!claim) return NO_ORGANIZATION;
    const known = this.verified.get(claimKey(claim));
    if (known && known.expiresAt > this.now()) return organizationLane(known.organization);
    return { key: `person:${claim.userId}`, organization: null, weight: 1 };
  }

  /** What the membership check found for the request's claim: remembered for the person's next requests. */
  learn(identified: Identified, auth: Pick<Authentication, 'organization'>): void {
    const claim = identified.membershipToCheck;
    if (!claim) return;
    const key = claimKey(claim);
    this.verified.delete(key); // re-inserted last: the map's order is the eviction order
    if (!auth.organization) return;
    this.verified.set(key, { organization: { id: auth.organization.id, plan: auth.organization.plan }, expiresAt: this.now() + this.ttlMs });
    if (this.verified.size > this.maxEntries) this.verified.delete(this.verified.keys().next().value!);
  }
}

const claimKey = (claim: { userId: string; organization: string }) => `${claim.userId}|${claim.organization}`;
