import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeGlobalID } from '@pothos/plugin-relay';
import pg from 'pg';
import { apiKeyMatches, parseApiKeyPrefix } from '../src/auth/api-key-format.js';
import { createTokenVerifier } from '../src/auth/bearer-token.js';
import type { Config } from '../src/config.js';
import * as sql from './floor-queries.js';

/**
 * The floor: a bare Node HTTP handler on a pg Pool of the gateway's size. It still authenticates like
 * the gateway (JWT verified, membership or API key looked up) so the ratio prices the GraphQL stack,
 * not the skipped security. No GraphQL parsing, validation, limits, shield, RLS, logging or metrics.
 */

interface Scope {
  organizationId: string;
  userId: string;
}

type Body = { variables?: Record<string, any> };

async function readBody(req: http.IncomingMessage): Promise<Body> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Body;
}

function createAuthenticator(pool: pg.Pool, config: Config) {
  const verify = createTokenVerifier(config.jwt);
  return async (headers: http.IncomingHttpHeaders): Promise<Scope> => {
    const apiKey = headers['x-api-key'] as string | undefined;
    if (apiKey) {
      const { rows } = await pool.query(`SELECT "organizationId", hash FROM api_keys WHERE prefix = $1 AND "revokedAt" IS NULL`, [parseApiKeyPrefix(apiKey)]);
      if (!rows[0] || !apiKeyMatches(apiKey, rows[0].hash)) throw new Error('bad api key');
      return { organizationId: rows[0].organizationId, userId: '' };
    }
    const claims = await verify(String(headers.authorization).slice('Bearer '.length));
    const { rows } = await pool.query(
      `SELECT m."organizationId" FROM organization_members m JOIN organizations o ON o.id = m."organizationId" WHERE m."userId" = $1 AND o.slug = $2`,
      [claims.userId, headers['x-organization-id']],
    );
    if (!rows[0]) throw new Error('not a member');
    return { organizationId: rows[0].organizationId, userId: claims.userId };
  };
}

function handle(pool: pg.Pool, scenario: string, scope: Scope, variables: Record<string, any>): Promise<unknown> {
  switch (scenario) {
    case 'dashboard':
      return sql.dashboard(pool, scope.organizationId, variables.first);
    case 'partner':
      return sql.listWorkflows(pool, scope.organizationId, variables.first);
    case 'node':
      return sql.node(pool, scope.organizationId, decodeGlobalID(variables.id).id);
    case 'runWorkflow':
      return sql.runWorkflow(pool, scope, decodeGlobalID(variables.input.workflowId).id, variables.input.input);
    default:
      throw new Error(`unknown scenario ${scenario}`);
  }
}

export async function startFloor(config: Config, port = 0) {
  const pool = new pg.Pool({ connectionString: config.database.url, max: config.database.poolSize });
  const authenticate = createAuthenticator(pool, config);
  const server = http.createServer((req, res) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    Promise.all([readBody(req), authenticate(req.headers)])
      .then(([body, scope]) => handle(pool, String(req.headers['x-bench-scenario']), scope, body.variables ?? {}))
      .then((data) => reply(200, { data }))
      .catch((error: Error) => reply(500, { errors: [{ message: error.message }] }));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actualPort = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actualPort}/graphql`,
    stop: async () => {
      await new Promise((resolve) => server.close(resolve));
      await pool.end();
    },
  };
}
