import { isScope } from '../../auth/actor.js';
import { generateApiKey } from '../../auth/api-key-format.js';
import type { Config } from '../../config.js';
import type { Database } from '../../db/database.js';
import { findApiKeyById, findOrganizationBySlug } from '../../db/privileged.js';
import { forTenant } from '../../db/tenant.js';
import type { GatewayEvent } from '../../events/gateway-event.js';
import { openEventBus } from '../../events/open-event-bus.js';
import { createLogger } from '../../runtime/logger.js';
import { connectRedis } from '../../runtime/redis.js';
import { parseOptions, required, UsageError } from '../args.js';

export const apiKeyUsage = [
  'apikey create --org <slug> --name <name> --scopes a,b [--expires <ISO date>]',
  'apikey list --org <slug>',
  'apikey revoke <id>',
].join('\n  ');

/** Operators act inside the organization's tenant scope, so row-level security applies to them too. */
async function tenantOf(db: Database, slug: string) {
  const organization = await findOrganizationBySlug(db.base, slug);
  if (!organization) throw new UsageError(`no organization with slug ${slug}`);
  return forTenant(db.base, { organizationId: organization.id, userId: null });
}

function parseScopes(text: string): string[] {
  const scopes = [...new Set(text.split(',').map((scope) => scope.trim()).filter(Boolean))];
  const unknown = scopes.filter((scope) => !isScope(scope));
  if (scopes.length === 0 || unknown.length) throw new UsageError(`--scopes: unknown or missing scope(s): ${unknown.join(', ') || '(none)'}`);
  return scopes;
}

function parseExpiry(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const date = new Date(text);
  if (Number.isNaN(date.getTime()) || date <= new Date()) throw new UsageError('--expires must be a date in the future');
  return date;
}

async function create(argv: string[], db: Database) {
  const { values } = parseOptions(argv, { org: { type: 'string' }, name: { type: 'string' }, scopes: { type: 'string' }, expires: { type: 'string' } });
  const tenant = await tenantOf(db, required(values, 'org'));
  const scopes = parseScopes(required(values, 'scopes'));
  const generated = generateApiKey();
  const apiKey = await tenant.transaction(async (tx) => {
    const row = await tx.apiKey.create({
      data: {
        organizationId: tenant.scope.organizationId!,
        name: required(values, 'name'),
        prefix: generated.prefix,
        hash: new Uint8Array(generated.hash),
        scopes,
        expiresAt: parseExpiry(values.expires),
      },
    });
    await tx.auditLogEntry.create({
      data: { organizationId: row.organizationId, action: 'apiKey.create', resourceType: 'ApiKey', resourceId: row.id, metadata: { via: 'cli', scopes } },
    });
    return row;
  });
  // The key alone on stdout, like `token`, so `KEY=$(…)` captures it and a failure cannot hide in a pipe.
  console.error(`created API key ${apiKey.id} (${apiKey.name}; scopes ${scopes.join(', ')}); keep the key: it is shown only this once`);
  console.log(generated.key);
}

async function list(argv: string[], db: Database) {
  const { values } = parseOptions(argv, { org: { type: 'string' } });
  const tenant = await tenantOf(db, required(values, 'org'));
  for (const key of await tenant.prisma.apiKey.findMany({ orderBy: { createdAt: 'desc' } })) {
    const state = key.revokedAt ? 'revoked' : key.expiresAt && key.expiresAt <= new Date() ? 'expired' : 'active';
    console.log(`${key.id}  fgk_${key.prefix}_…  ${state.padEnd(7)}  ${key.name}  [${key.scopes.join(', ')}]`);
  }
}

/**
 * Tells the running replicas, through their Redis or LISTEN/NOTIFY bus, so the sockets a revoked key
 * opened close at once. The embedded gateway's bus lives inside its own process: nothing to reach.
 */
async function announce(config: Config, db: Database, event: GatewayEvent) {
  const logger = createLogger(config);
  const redis = config.redisUrl ? await connectRedis(config.redisUrl, logger) : undefined;
  const bus = await openEventBus({ config, database: db, redis, logger });
  try {
    if (bus.kind !== 'in-process') await bus.publish(event);
  } finally {
    await bus.close();
    await redis?.quit();
  }
}

async function revoke(id: string | undefined, config: Config, db: Database) {
  if (!id || !/^[0-9a-f-]{36}$/i.test(id)) throw new UsageError('apikey revoke needs the key id (a UUID; see apikey list)');
  const key = await findApiKeyById(db.base, id);
  if (!key) throw new UsageError(`no API key with id ${id}`);
  if (key.revokedAt) throw new UsageError(`API key ${id} was already revoked at ${key.revokedAt.toISOString()}`);
  const tenant = forTenant(db.base, { organizationId: key.organizationId, userId: null });
  await tenant.transaction(async (tx) => {
    await tx.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
    await tx.auditLogEntry.create({
      data: { organizationId: key.organizationId, action: 'apiKey.revoke', resourceType: 'ApiKey', resourceId: id, metadata: { via: 'cli' } },
    });
  });
  await announce(config, db, { kind: 'api-key', organizationId: key.organizationId, apiKeyId: id });
  console.log(`revoked API key ${id}`);
}

export async function apiKeyCommand(argv: string[], config: Config, db: Database): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub === 'create') return create(rest, db);
  if (sub === 'list') return list(rest, db);
  if (sub === 'revoke') return revoke(rest[0], config, db);
  throw new UsageError(`unknown apikey command: ${sub ?? '(none)'}`);
}
