import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { apiKeySecretPart, createApiKey } from '../support/factories.js';
import { partnerOperation } from '../support/server.js';
import { eventually, memberOfNewOrganization, startGateway, type Gateway, type Reply } from '../security/gateway.js';

/**
 * One JSON log line per GraphQL request, with what an operator needs and nothing a client sent in
 * secret: the log is captured at its most verbose level and searched for every secret sent.
 */

let g: Gateway;
let orgId: string;
let ownerHeaders: Record<string, string>;
let apiKey: string;

beforeAll(async () => {
  g = await startGateway({ env: { LOG_LEVEL: 'trace' } });
  const owner = await memberOfNewOrganization(g, 'OWNER');
  [orgId, ownerHeaders] = [owner.organizationId, owner.headers];
  apiKey = (await createApiKey(g.db.base, orgId)).key;
});
afterAll(() => g.stop());

const requestLine = (reply: Reply) =>
  eventually(() => {
    const lines = g.logs.lines().filter((line) => line.msg === 'graphql request' && line.requestId === reply.headers.get('x-request-id'));
    expect(lines).toHaveLength(1);
    return lines[0];
  });

describe('request logs', () => {
  it('log request id, operation, actor kind, organization, duration and outcome', async () => {
    const reply = await g.post({ query: 'query Who { viewer { user { id } } }' }, ownerHeaders);
    expect(await requestLine(reply)).toEqual(
      expect.objectContaining({
        level: 30,
        operationName: 'Who',
        actorKind: 'user',
        organizationId: orgId,
        durationMs: expect.any(Number),
        status: 200,
        outcome: 'ok',
      }),
    );
    const partner = await g.post({ query: partnerOperation('ListWorkflows'), variables: { first: 5 } }, { 'x-api-key': apiKey });
    expect(await requestLine(partner)).toMatchObject({ operationName: 'ListWorkflows', actorKind: 'apiKey', organizationId: orgId, outcome: 'ok' });
    const refused = await g.post({ query: '{ organization { name } }' });
    expect(await requestLine(refused)).toMatchObject({ actorKind: 'anonymous', organizationId: null, outcome: 'UNAUTHENTICATED' });
  });

  it('never contain a token, an API key, a credential or a variable value', async () => {
    const credential = `cred-${randomBytes(12).toString('hex')}`;
    const name = `integration-${randomBytes(12).toString('hex')}`;
    const forged = `eyJhbGciOiJIUzI1NiJ9.${randomBytes(24).toString('base64url')}.${randomBytes(16).toString('base64url')}`;
    const connect = `mutation Connect($input: CreateIntegrationInput!) { createIntegration(input: $input) { integration { id hasCredentials } } }`;
    const replies = [
      await g.post({ query: connect, variables: { input: { provider: 'slack', name, credentials: { apiToken: credential } } } }, ownerHeaders),
      await g.post({ query: partnerOperation('ListWorkflows'), variables: { first: 5 } }, { authorization: `ApiKey ${apiKey}` }),
      await g.post({ query: '{ __typename }' }, { authorization: `Bearer ${forged}` }),
      await g.post({ query: partnerOperation('ListWorkflows') }, { 'x-api-key': `${apiKey.slice(0, -4)}abcd` }),
    ];
    expect(replies.map((reply) => reply.status)).toEqual([200, 200, 401, 401]);
    expect(replies[0].body.data?.createIntegration.integration.hasCredentials).toBe(true);
    for (const reply of replies) await requestLine(reply);

    const log = g.logs.text();
    const bearer = ownerHeaders.authorization.replace(/^Bearer /, '');
    const signingSecret = new TextDecoder().decode(g.config.jwt.secret);
    for (const secret of [credential, name, forged, bearer, apiKey, apiKeySecretPart(apiKey), signingSecret]) {
      expect(secret.length).toBeGreaterThan(8);
      expect(log).not.toContain(secret);
    }
  });
});
