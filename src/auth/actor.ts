import type { Role } from '../generated/prisma/enums.js';

/** Who is calling: a person (bearer token) or a partner/worker (API key). */
export type Actor =
  | { kind: 'user'; userId: string; email?: string }
  /** `expiresAt` as read when the key was checked: a socket it opened ends then. */
  | { kind: 'apiKey'; apiKeyId: string; organizationId: string; scopes: readonly Scope[]; expiresAt: Date | null };

export const SCOPES = [
  'workflows:read',
  'workflows:write',
  'executions:read',
  'executions:write',
  'executions:report',
  'integrations:read',
  'members:read',
  'audit:read',
] as const;
export type Scope = (typeof SCOPES)[number];

export const isScope = (value: string): value is Scope => (SCOPES as readonly string[]).includes(value);

const ROLE_RANK: Record<Role, number> = { VIEWER: 1, EDITOR: 2, ADMIN: 3, OWNER: 4 };

export function roleAtLeast(role: Role | null, minimum: Role): boolean {
  return role !== null && ROLE_RANK[role] >= ROLE_RANK[minimum];
}

export function actorUserId(actor: Actor | null): string | null {
  return actor?.kind === 'user' ? actor.userId : null;
}

/** What an actor may do in its organization, as a key: its role, or an API key's scopes (in any order). */
export function permissionSet(actor: Actor | null, role: Role | null): string {
  return actor?.kind === 'apiKey' ? `scopes:${[...actor.scopes].sort().join(',')}` : `role:${role ?? 'none'}`;
}
