import type { PrismaClient } from '../db/client.js';
import { findApiKeyByPrefix, recordApiKeyUse } from '../db/privileged.js';
import { AppError, ErrorCode } from '../graphql/errors.js';
import type { Organization } from '../generated/prisma/client.js';
import { isScope, type Actor } from './actor.js';
import { apiKeyMatches, parseApiKeyPrefix } from './api-key-format.js';

/** `lastUsedAt` is written at most this often per key, so a busy key does not write on every request. */
const LAST_USED_GRANULARITY_MS = 60_000;

const refused = () => new AppError(ErrorCode.UNAUTHENTICATED, 'Invalid, revoked or expired API key', { http: { status: 401 } });

export interface ApiKeyAuthentication {
  actor: Extract<Actor, { kind: 'apiKey' }>;
  organization: Organization;
}

export async function authenticateApiKey(base: PrismaClient, key: string, now = new Date()): Promise<ApiKeyAuthentication> {
  const prefix = parseApiKeyPrefix(key);
  if (!prefix) throw refused();
  const row = await findApiKeyByPrefix(base, prefix);
  if (!row || !apiKeyMatches(key, row.hash) || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) throw refused();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS) {
    // Not awaited: recording use must never slow down or fail the request itself.
    void recordApiKeyUse(base, row.id, now).catch(() => {});
  }
  return {
    actor: { kind: 'apiKey', apiKeyId: row.id, organizationId: row.organizationId, scopes: row.scopes.filter(isScope), expiresAt: row.expiresAt },
    organization: row.organization,
  };
}
