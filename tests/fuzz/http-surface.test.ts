import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { fc } from '@fast-check/jest';
import { createWorld, errorLines, FUZZ_SEED, logLineCount, refusals, REPLAY, type World } from './fixture.js';
import { anyJson, anyText, optional } from './values.js';

/**
 * The HTTP surface around GraphQL: headers (credentials, tenant, request id, content type), the
 * query string of GET /graphql, and body shapes. Whatever arrives, the answer is a 2xx or 4xx, with
 * no error-level log line and nothing that reaches the database's refusal.
 */

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(() => world.g.stop());

interface Sent {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string | null | undefined>;
  body?: string;
}

/**
 * A request line and headers longer than Node's limit (http.maxHeaderSize) are refused by Node's own
 * HTTP parser: it answers 431 and closes the socket, and a client still sending its head may see the
 * connection reset before it reads the 431.
 */
const headTooLarge = (url: URL, headers: Record<string, string>) =>
  Buffer.byteLength(url.pathname + url.search) + Object.entries(headers).reduce((size, [name, value]) => size + name.length + Buffer.byteLength(value) + 4, 0) >
  http.maxHeaderSize;

/** Raw node:http, so headers and bodies go out byte for byte as generated (fetch would normalise them). */
function send({ method, path, headers, body }: Sent): Promise<number> {
  const url = new URL(path, world.g.origin);
  const defined = Object.fromEntries(Object.entries(headers).filter(([, value]) => value != null)) as Record<string, string>;
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, headers: defined }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' && headTooLarge(url, defined) ? resolve(431) : reject(error)));
    request.end(body);
  });
}

async function sendCase(sent: Sent) {
  const logLines = logLineCount(world);
  const status = await send(sent);
  expect({ status: status < 500 ? 'not 5xx' : status, errorLog: errorLines(world, logLines), refusedByDatabase: refusals(world, logLines) }).toEqual({
    status: 'not 5xx',
    errorLog: [],
    refusedByDatabase: [],
  });
}

/** What an HTTP header value may hold on the wire: tab, visible ASCII, space and Latin-1. */
const headerValue = () =>
  fc.oneof(
    fc.string({ unit: fc.constantFrom(0x09, ...Array.from({ length: 0xff - 0x20 + 1 }, (_, i) => 0x20 + i)).filter((code) => code !== 0x7f).map((code) => String.fromCharCode(code)), maxLength: 60 }),
    fc.constantFrom('', ' ', 'Bearer', 'Bearer ', 'ApiKey fgk_', 'fgk_000000000000_' + 'a'.repeat(40), 'x'.repeat(8000)),
  );

const ORGANIZATION = '{ organization { name workflows(first: 2) { totalCount } } viewer { user { id } } }';

describe(`the HTTP surface, fuzzed (seed ${FUZZ_SEED})`, () => {
  it('headers: credentials, organization, request id and content type', async () => {
    const headers = fc.record({
      authorization: optional(fc.oneof(headerValue(), headerValue().map((value) => `Bearer ${value}`), headerValue().map((value) => `ApiKey ${value}`), fc.constant(world.owner.authorization))),
      'x-organization-id': optional(fc.oneof(headerValue(), fc.constant(world.organizationId))),
      'x-api-key': optional(headerValue()),
      'x-request-id': optional(headerValue()),
      'content-type': fc.oneof(fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/json; charset=latin1', 'text/plain', 'application/graphql'), headerValue()),
    });
    await fc.assert(fc.asyncProperty(headers, (generated) => sendCase({ method: 'POST', path: '/graphql', headers: generated, body: JSON.stringify({ query: ORGANIZATION }) })), REPLAY);
  });

  it('the query string of GET /graphql', async () => {
    const text = () => fc.oneof(anyText(), anyJson().map((value) => JSON.stringify(value) ?? ''));
    const query = fc.oneof(fc.constant(ORGANIZATION), anyText().map((search) => `{ organization { workflows(search: ${JSON.stringify(search)}) { totalCount } } }`), anyText());
    const parameters = fc.record({ query: optional(query), variables: optional(text()), operationName: optional(text()), extensions: optional(text()) });
    await fc.assert(
      fc.asyncProperty(parameters, async (generated) => {
        const search = new URLSearchParams(Object.entries(generated).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
        await sendCase({ method: 'GET', path: `/graphql?${search}`, headers: { ...world.owner, 'apollo-require-preflight': 'true' } });
      }),
      REPLAY,
    );
  });

  it('body shapes', async () => {
    const request = fc.record({ query: optional(fc.oneof(fc.constant(ORGANIZATION), anyText(), anyJson())), variables: optional(anyJson()), operationName: optional(anyJson()), extensions: optional(anyJson()) });
    const body = fc.oneof(
      request.map((value) => JSON.stringify(value)),
      anyJson().map((value) => JSON.stringify(value) ?? ''),
      anyText(),
      fc.constantFrom('', '{', '[]', 'null', '{"query":"{ __typename }","extensions":{"persistedQuery":{"version":1,"sha256Hash":"x"}}}', '{"query":"{ __typename }"}'.padEnd(120_000)),
    );
    await fc.assert(fc.asyncProperty(body, (generated) => sendCase({ method: 'POST', path: '/graphql', headers: { ...world.owner, 'content-type': 'application/json' }, body: generated })), REPLAY);
  });
});
