import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createWorkflow, globalId } from '../support/factories.js';
import { memberOfNewOrganization, startGateway, type Gateway, type Reply } from './gateway.js';

/** The abuse limits (SPEC §2, §7), each with a request just under and just over it, at the defaults. */

let g: Gateway;
let member: Record<string, string>;
let workflowId: string;

beforeAll(async () => {
  g = await startGateway();
  const viewer = await memberOfNewOrganization(g, 'VIEWER');
  workflowId = globalId('Workflow', (await createWorkflow(g.db.base, viewer.organizationId)).id);
  member = viewer.headers;
});
afterAll(() => g.stop());

const codes = (reply: Reply) => (reply.body.errors ?? []).map((error) => error.extensions?.code);

function expectRefused(reply: Reply, limit: string, max: number, actual: number) {
  expect(reply.status).toBe(400);
  expect(reply.body.data).toBeUndefined();
  expect(reply.body.errors).toEqual([expect.objectContaining({ extensions: { code: 'QUERY_TOO_COMPLEX', limit, max, actual } })]);
}

function expectServed(reply: Reply) {
  expect(codes(reply)).toEqual([]);
  expect(reply.status).toBe(200);
  expect(reply.body.data).toBeTruthy();
}

/** Fields from level 2 down to `id` at level `depth`, below `workflow(id)` (level 1): workflow and version point at each other. */
function chain(depth: number): string {
  let inner = 'id';
  for (let level = depth - 1; level >= 2; level -= 1) inner = `${level % 2 === 0 ? 'currentVersion' : 'workflow'} { ${inner} }`;
  return inner;
}

const nested = (depth: number) => `query Deep($id: ID!) { workflow(id: $id) { ${chain(depth)} } }`;

describe('depth (MAX_DEPTH 12)', () => {
  it('serves 12 levels and refuses 13, fragments expanded', async () => {
    expectServed(await g.post({ query: nested(12), variables: { id: workflowId } }, member));
    expectRefused(await g.post({ query: nested(13), variables: { id: workflowId } }, member), 'depth', 12, 13);
    const viaFragment = `query($id: ID!) { workflow(id: $id) { ...Deep } } fragment Deep on Workflow { ${chain(13)} }`;
    expectRefused(await g.post({ query: viaFragment, variables: { id: workflowId } }, member), 'depth', 12, 13);
  });
});

describe('cost (MAX_COST 5000)', () => {
  // 1 (organization) + 1 (workflows) + a × (edges 1 + node 1 + executions 1 + b × (edges 1 + node 1))
  const query = `query Pages($a: Int, $b: Int) { organization { workflows(first: $a) { edges { node { executions(first: $b) { edges { node { id } } } } } } } }`;

  it('multiplies nested pages, page sizes read from the variables', async () => {
    expectServed(await g.post({ query, variables: { a: 50, b: 48 } }, member)); // 4952
    expectRefused(await g.post({ query, variables: { a: 50, b: 49 } }, member), 'cost', 5000, 5052);
  });

  it('assumes 20 for a connection without first, and counts pageInfo once per page', async () => {
    const withDefaults = `query { organization { workflows(first: 100) { pageInfo { hasNextPage } edges { node { executions { edges { node { id workflow { id } } } } } } } } }`;
    // 1 + 1 + 1 (pageInfo) + 100 × (1 + 1 + 1 + 20 × (1 + 1 + 1)) = 6303
    expectRefused(await g.post({ query: withDefaults }, member), 'cost', 5000, 6303);
  });

  it('costs a sorted, filtered page the same as a plain one', async () => {
    const sorted = `query Pages($a: Int, $b: Int) { organization { workflows(first: $a, orderBy: [NAME_ASC], filter: { status: { in: [ACTIVE] } }) {
      edges { node { executions(first: $b, orderBy: [FINISHED_AT_DESC], filter: { status: { eq: FAILED } }) { edges { node { id } } } } } } } }`;
    expectServed(await g.post({ query: sorted, variables: { a: 50, b: 48 } }, member)); // 4952
    expectRefused(await g.post({ query: sorted, variables: { a: 50, b: 49 } }, member), 'cost', 5000, 5052);
  });
});

describe('aliases (MAX_ALIASES 30)', () => {
  const aliased = (count: number) => `{ ${Array.from({ length: count }, (_, n) => `a${n}: __typename`).join(' ')} }`;

  it('serves 30 aliases and refuses 31', async () => {
    expectServed(await g.post({ query: aliased(30) }));
    expectRefused(await g.post({ query: aliased(31) }), 'aliases', 30, 31);
  });
});

describe('tokens (MAX_TOKENS 2000)', () => {
  // `{` + n × (`...` Fi) + `}` + n × (fragment Fi on Query { __typename }) = 2 + 9n tokens; n = 222 makes 2000.
  const spreads = (extra: string) => {
    const names = Array.from({ length: 222 }, (_, n) => `F${n}`);
    return `{ ${extra} ${names.map((name) => `...${name}`).join(' ')} } ${names.map((name) => `fragment ${name} on Query { __typename }`).join(' ')}`;
  };

  it('serves 2000 tokens and refuses 2001, comments not counted', async () => {
    expectServed(await g.post({ query: `# ${'a comment is not a token '.repeat(50)}\n${spreads('')}` }));
    expectRefused(await g.post({ query: spreads('__typename') }), 'tokens', 2000, 2001);
  });
});

describe('field duplication and directive overloading', () => {
  const repeated = (count: number) => `{ ${'__typename '.repeat(count)}}`;

  it('serves a field selected 10 times in one selection set and refuses 11, inline fragments included', async () => {
    expectServed(await g.post({ query: repeated(10) }));
    expectRefused(await g.post({ query: repeated(11) }), 'fieldRepeats', 10, 11);
    expectRefused(await g.post({ query: `{ ${'... on Query { __typename } '.repeat(11)}}` }), 'fieldRepeats', 10, 11);
  });

  it('lets 5 directives on one field reach validation and refuses 6 before it', async () => {
    expectServed(await g.post({ query: '{ __typename @include(if: true) @skip(if: false) }' }));
    const five = await g.post({ query: '{ __typename @a @b @c @d @e }' });
    expect(codes(five)).toEqual(Array(5).fill('BAD_USER_INPUT')); // unknown directives, found by validation
    expectRefused(await g.post({ query: '{ __typename @a @b @c @d @e @f }' }), 'directives', 5, 6);
  });
});

describe('request body (MAX_BODY_BYTES 100000)', () => {
  // An unused variable pads the body to an exact size.
  const bodyOf = (bytes: number) => {
    const skeleton = JSON.stringify({ query: '{ __typename }', variables: { pad: '' } });
    return JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(bytes - skeleton.length) } });
  };
  const send = async (body: string) => {
    const response = await fetch(g.server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    return { status: response.status, body: (await response.json()) as Reply['body'] };
  };

  it('serves 100000 bytes and answers 100001 with 413 and a JSON error naming the limit', async () => {
    expect(Buffer.byteLength(bodyOf(100_000))).toBe(100_000);
    const under = await send(bodyOf(100_000));
    expect(under).toEqual({ status: 200, body: { data: { __typename: 'Query' } } });
    const over = await send(bodyOf(100_001));
    expect(over.status).toBe(413);
    expect(over.body.errors?.[0].extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'bodyBytes', max: 100_000, actual: 100_001 });
  });
});

describe('HTTP methods and batching', () => {
  it('refuses an array (batched) body', async () => {
    const reply = await g.post([{ query: '{ __typename }' }, { query: '{ __typename }' }]);
    expect(reply.status).toBe(400);
    expect(Array.isArray(reply.body)).toBe(false);
    expect(codes(reply)).toEqual(['BAD_USER_INPUT']);
  });

  it('serves queries over GET and refuses mutations over GET with 405', async () => {
    const get = (query: string) =>
      fetch(`${g.server.url}?${new URLSearchParams({ query })}`, { headers: { 'apollo-require-preflight': 'true', ...member } });
    const query = await get('{ __typename }');
    expect(query.status).toBe(200);
    const slug = `get-${Date.now()}`;
    const mutation = await get(`mutation { createOrganization(input: { name: "x", slug: "${slug}" }) { organization { id } } }`);
    expect(mutation.status).toBe(405);
    expect(mutation.headers.get('allow')).toBe('POST');
    expect(await g.db.base.organization.findUnique({ where: { slug } })).toBeNull();
  });
});
