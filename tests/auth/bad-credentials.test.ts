import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readReply, startGateway, type Gateway, type Reply } from '../security/gateway.js';
import { createApiKey, createMember, createOrganization } from '../support/factories.js';

/**
 * Credentials that are present but bad are refused with UNAUTHENTICATED before any other policy
 * (SPEC §7): whatever else the request carries — a field open to anonymous callers, free query text
 * an API key may not send, a document over a limit, a body that is not JSON, a GET — the client
 * hears that its credentials are wrong, never something that hides it, and never anonymous data.
 */

let g: Gateway;
const badCredentials: Record<string, Record<string, string>> = {};

beforeAll(async () => {
  g = await startGateway();
  const organization = await createOrganization(g.db.base);
  const { user } = await createMember(g.db.base, organization.id, 'OWNER');
  const revoked = await createApiKey(g.db.base, organization.id, { revokedAt: new Date() });
  const valid = await createApiKey(g.db.base, organization.id);
  Object.assign(badCredentials, {
    'an unknown API key': { 'x-api-key': `fgk_${'a'.repeat(12)}_${'b'.repeat(43)}` },
    'a malformed API key': { authorization: 'ApiKey not-a-key' },
    'a revoked API key': { authorization: `ApiKey ${revoked.key}` },
    'an empty x-api-key header': { 'x-api-key': '' },
    'an ApiKey scheme with no key': { authorization: 'ApiKey' },
    'a bad bearer token': { authorization: 'Bearer not-a-jwt' },
    'a Bearer scheme with no token': { authorization: 'Bearer ' },
    'an unknown scheme': { authorization: 'Basic dXNlcjpwYXNz' },
    'two credentials at once': { ...(await g.as(user.id)), 'x-api-key': valid.key },
  });
});
afterAll(() => g.stop());

function expectUnauthenticated(reply: Reply) {
  expect(reply.status).toBe(401);
  expect(reply.body.data ?? null).toBeNull();
  expect(reply.body.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
}

const deepQuery = `{ viewer { ${'memberships { organization { workflows { edges { node { '.repeat(3)}id${' } } } } }'.repeat(3)} } }`;

const requests: Record<string, (headers: Record<string, string>) => Promise<Reply>> = {
  '{ __typename }': (headers) => g.post({ query: '{ __typename }' }, headers),
  '{ viewer }, open to anonymous callers': (headers) => g.post({ query: '{ viewer { user { id } } }' }, headers),
  'free query text (API keys may only run registered operations)': (headers) => g.post({ query: '{ organization { id } }' }, headers),
  'a document deeper than MAX_DEPTH': (headers) => g.post({ query: deepQuery }, headers),
  'a body that is not JSON': async (headers) =>
    readReply(await fetch(g.server.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{"query": ' })),
  'a GET request': async (headers) =>
    readReply(await fetch(`${g.server.url}?query=${encodeURIComponent('{ __typename }')}`, { headers: { 'apollo-require-preflight': 'true', ...headers } })),
};

describe('credentials present but bad', () => {
  it('are the only thing a request with them hears about, whatever else it carries', async () => {
    for (const [credential, headers] of Object.entries(badCredentials)) {
      for (const [request, send] of Object.entries(requests)) {
        const reply = await send(headers);
        try {
          expectUnauthenticated(reply);
        } catch (error) {
          throw new Error(`${credential} with ${request}: ${JSON.stringify(reply.body)}\n${String(error)}`);
        }
      }
    }
  });

  it('say what is wrong with the header when it cannot be read at all', async () => {
    const messages = await Promise.all(
      ['an empty x-api-key header', 'an unknown scheme', 'two credentials at once'].map(
        async (credential) => (await g.post({ query: '{ __typename }' }, badCredentials[credential])).body.errors?.[0].message,
      ),
    );
    expect(messages).toEqual([
      'The x-api-key header is empty',
      'The Authorization header must be "Bearer <token>" or "ApiKey <key>"',
      'Send one credential: either Authorization or x-api-key, not both',
    ]);
  });

  it('without any credentials, the anonymous answers stay as they were', async () => {
    expect((await g.post({ query: '{ __typename viewer { user { id } } }' })).body).toEqual({ data: { __typename: 'Query', viewer: null } });
    expect((await g.post({ query: deepQuery })).body.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });
});
