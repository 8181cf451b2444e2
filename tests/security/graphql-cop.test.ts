import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startProductionGateway, type Gateway, type Reply } from './gateway.js';

/**
 * The checks graphql-cop (dolevf/graphql-cop) runs against an endpoint, sent the way it sends them,
 * against a production configuration. Each must be refused.
 */

let g: Gateway;
let owner: Record<string, string>;

beforeAll(async () => {
  ({ gateway: g, owner } = await startProductionGateway());
});
afterAll(() => g.stop());

const codes = (reply: Reply) => (reply.body.errors ?? []).map((error) => error.extensions?.code);
const messages = (reply: Reply) => (reply.body.errors ?? []).map((error) => error.message).join('\n');
const createOrganization$ = (slug: string) => `mutation cop { createOrganization(input: { name: "cop", slug: "${slug}" }) { organization { id } } }`;
const organizationExists = async (slug: string) => (await g.db.base.organization.findUnique({ where: { slug } })) !== null;

describe('a graphql-cop sweep in production', () => {
  it('introspection: refused', async () => {
    const reply = await g.post({ query: 'query cop { __schema { types { name fields { name } } } }' });
    expect(reply.status).toBe(400);
    expect(reply.body.data).toBeUndefined();
    expect(messages(reply)).toMatch(/introspection is not allowed/);
  });

  it('field suggestions: none, for fields, introspection fields or arguments', async () => {
    const replies = await Promise.all([
      g.post({ query: 'query cop { __schema { directive } }' }),
      g.post({ query: '{ viewr { user { id } } }' }),
      g.post({ query: '{ organization { workflows(frist: 1) { totalCount } } }' }, owner),
    ]);
    for (const reply of replies) {
      expect(codes(reply).length).toBeGreaterThan(0);
      expect(messages(reply)).not.toMatch(/did you mean/i);
    }
  });

  it('GET-based mutation: refused with 405, nothing written', async () => {
    const slug = `cop-get-${Date.now()}`;
    const params = new URLSearchParams({ query: createOrganization$(slug) });
    const response = await fetch(`${g.server.url}?${params}`, { headers: { 'apollo-require-preflight': 'true', ...owner } });
    expect(response.status).toBe(405);
    expect(await organizationExists(slug)).toBe(false);
  });

  it('CSRF: a form-encoded POST and a GET without a preflight header are refused, nothing written', async () => {
    const slug = `cop-csrf-${Date.now()}`;
    const form = await fetch(g.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...owner },
      body: new URLSearchParams({ query: createOrganization$(slug) }).toString(),
    });
    expect(form.status).toBe(400);
    const plain = await fetch(g.server.url, { method: 'POST', headers: { 'content-type': 'text/plain', ...owner }, body: JSON.stringify({ query: createOrganization$(slug) }) });
    expect(plain.status).toBe(400);
    expect(await plain.text()).toMatch(/Cross-Site Request Forgery/);
    const get = await fetch(`${g.server.url}?${new URLSearchParams({ query: '{ __typename }' })}`);
    expect(get.status).toBe(400);
    expect(await organizationExists(slug)).toBe(false);
  });

  it('alias overloading: 101 aliases refused before execution', async () => {
    const query = `query cop { ${Array.from({ length: 101 }, (_, n) => `alias${n}:__typename`).join(' ')} }`;
    const reply = await g.post({ query });
    expect(reply.body.data).toBeUndefined();
    expect(reply.body.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'aliases', actual: 101 });
  });

  it('directive overloading: refused once, before validation reports each unknown directive', async () => {
    const reply = await g.post({ query: `query cop { __typename ${'@aa'.repeat(10)} }` });
    expect(reply.body.data).toBeUndefined();
    expect(reply.body.errors).toHaveLength(1);
    expect(reply.body.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'directives', actual: 10 });
  });

  it('field duplication: 500 copies of one field refused', async () => {
    const reply = await g.post({ query: `query cop { ${'__typename \n'.repeat(500)} }` });
    expect(reply.body.data).toBeUndefined();
    expect(reply.body.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'fieldRepeats', actual: 500 });
  });

  it('array-based query batching: refused, no results', async () => {
    const reply = await g.post(Array.from({ length: 10 }, () => ({ query: 'query cop { __typename }' })));
    expect(reply.status).toBe(400);
    expect(Array.isArray(reply.body)).toBe(false);
    expect(reply.body.data).toBeUndefined();
  });
});
