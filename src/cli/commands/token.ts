import { signToken } from '../../auth/bearer-token.js';
import { ConfigError, type Config } from '../../config.js';
import type { Database } from '../../db/database.js';
import { findMembership, findUserByEmail } from '../../db/privileged.js';
import { parseOptions, required, UsageError } from '../args.js';

export const tokenUsage = 'token --user <email> [--org <slug>] [--ttl 1h]   mint a development bearer token';

/**
 * Gateways on a shared PostgreSQL verify tokens with their JWT_SECRET. Without one here, the token
 * would be signed with this checkout's development secret and every replica would answer 401 with
 * no hint why: refuse instead, and say which secret to pass.
 */
function assertSharedSecret(config: Config): void {
  const file = config.jwt.developmentSecretFile;
  if (!config.database.url || !file) return;
  throw new ConfigError(
    `DATABASE_URL is set but JWT_SECRET is not: the token would be signed with this checkout's development secret (${file}), ` +
      'which the gateways on that database do not use, so they would answer 401. Run it again with JWT_SECRET set to the ' +
      `gateways' secret (for a gateway started from this checkout without JWT_SECRET: JWT_SECRET=$(cat ${file})).`,
  );
}

/** Dev only: a bearer token for an existing user, signed with JWT_SECRET. */
export async function tokenCommand(argv: string[], config: Config, db: Database): Promise<void> {
  if (config.production) throw new UsageError('token is for development only: refused when NODE_ENV=production');
  assertSharedSecret(config);
  const { values } = parseOptions(argv, { user: { type: 'string' }, org: { type: 'string' }, ttl: { type: 'string' } });
  const email = required(values, 'user');
  const user = await findUserByEmail(db.base, email);
  if (!user) throw new UsageError(`no user with email ${email}`);
  if (values.org && !(await findMembership(db.base, user.id, values.org))) {
    throw new UsageError(`${email} is not a member of ${values.org}`);
  }
  const token = await signToken(config.jwt, { userId: user.id, email: user.email }, values.ttl ?? '1h');
  console.log(token);
  if (values.org) console.error(`Send it with: -H 'authorization: Bearer <token>' -H 'x-organization-id: ${values.org}'`);
}
