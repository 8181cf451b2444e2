import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startProductionGateway, type Gateway } from '../security/gateway.js';

/**
 * In production the explorer and introspection are off (SPEC §2). Whoever meets that — a developer
 * opening /graphql in a browser, a tool introspecting the schema — is told it is off on purpose and
 * which variable turns it on, instead of a bare error.
 */

let g: Gateway;

beforeAll(async () => {
  ({ gateway: g } = await startProductionGateway());
});
afterAll(() => g.stop());

describe('production', () => {
  it('answers a browser opening /graphql with a short page saying the explorer is off and how to enable it', async () => {
    const response = await fetch(g.server.url, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await response.text();
    expect(page).toContain('The GraphQL explorer is off');
    expect(page).toContain('ENABLE_EXPLORER=true');
    expect(page).not.toMatch(/<script|graphiql/i);
  });

  it('still serves GraphQL over GET to clients that ask for JSON', async () => {
    const response = await fetch(`${g.server.url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'application/json', 'apollo-require-preflight': 'true' },
    });
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('refuses introspection with a message naming ENABLE_INTROSPECTION', async () => {
    const reply = await g.post({ query: '{ __schema { queryType { name } } }' });
    expect(reply.status).toBe(400);
    expect(reply.body.errors?.[0].message).toContain('ENABLE_INTROSPECTION=true');
    expect(reply.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
