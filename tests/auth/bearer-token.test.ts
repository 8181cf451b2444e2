import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { createMember, createOrganization } from '../support/factories.js';
import { errorCodes, startTestServer, type TestServer } from '../support/server.js';

/**
 * People authenticate with bearer tokens (SPEC §4). Whatever is wrong with a token — expired, not a
 * JWT, signed with another key, unsigned, or naming no user — the answer is the same 401
 * UNAUTHENTICATED, and the response says nothing about why beyond that.
 */

const VIEWER = `{ viewer { user { id } } }`;

function call(t: TestServer, token: string, org?: string) {
  return t.gql(VIEWER, { headers: { authorization: `Bearer ${token}`, ...(org ? { 'x-organization-id': org } : {}) } });
}

function expectRefused(response: Awaited<ReturnType<typeof call>>) {
  expect(response.status).toBe(401);
  expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
  expect(response.body.data ?? null).toBeNull();
}

describe('HS256 bearer tokens', () => {
  let t: TestServer;
  let userId: string;
  let secret: Uint8Array;
  const sign = (claims: Record<string, unknown>, key: Uint8Array, configure = (jwt: SignJWT) => jwt.setExpirationTime('1h')) =>
    configure(new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt()).sign(key);

  beforeAll(async () => {
    t = await startTestServer();
    secret = t.config.jwt.secret;
    const org = await createOrganization(t.db.base);
    userId = (await createMember(t.db.base, org.id, 'VIEWER')).user.id;
  });
  afterAll(() => t.stop());

  it('accepts a valid token and names its user', async () => {
    const response = await call(t, await sign({ sub: userId }, secret));
    expect(response.body).toEqual({ data: { viewer: { user: { id: expect.any(String) } } } });
  });

  it('refuses an expired token', async () => {
    expectRefused(await call(t, await sign({ sub: userId }, secret, (jwt) => jwt.setExpirationTime(Math.floor(Date.now() / 1000) - 60))));
  });

  it('refuses a token signed with another secret', async () => {
    expectRefused(await call(t, await sign({ sub: userId }, new TextEncoder().encode('another-secret-of-at-least-32-characters!!'))));
  });

  it('refuses something that is not a JWT', async () => {
    expectRefused(await call(t, 'not-a-jwt'));
    expectRefused(await call(t, 'a.b.c'));
  });

  it('refuses an unsigned token (alg: none)', async () => {
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ sub: userId, exp: Math.floor(Date.now() / 1000) + 3600 })}.`;
    expectRefused(await call(t, unsigned));
  });

  it('refuses a token whose subject is not a user id', async () => {
    expectRefused(await call(t, await sign({ sub: 'admin' }, secret)));
    expectRefused(await call(t, await sign({}, secret)));
  });

  it('answers FORBIDDEN, not data, when the person is not a member of the organization they name', async () => {
    const other = await createOrganization(t.db.base);
    const response = await t.gql(`{ organization { id } }`, { as: userId, org: other.slug });
    expect(errorCodes(response)).toEqual(['FORBIDDEN']);
    expect(response.body.data?.organization ?? null).toBeNull();
  });
});

describe('tokens from an identity provider (JWT_JWKS_URL)', () => {
  let t: TestServer;
  let jwks: Server;
  let userId: string;
  let privateKey: CryptoKey;
  const ISSUER = 'https://id.example.test/';
  const AUDIENCE = 'flowgate-api';
  const sign = (claims: { iss?: string; aud?: string }, key: CryptoKey = privateKey) =>
    new SignJWT({ email: 'person@example.test' })
      .setProtectedHeader({ alg: 'RS256', kid: 'key-1' })
      .setSubject(userId)
      .setIssuer(claims.iss ?? ISSUER)
      .setAudience(claims.aud ?? AUDIENCE)
      .setExpirationTime('10m')
      .sign(key);

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    const publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
    // The identity provider's key set, served on loopback as a real provider serves it.
    jwks = createServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ keys: [publicJwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const { port } = jwks.address() as AddressInfo;
    t = await startTestServer({ env: { JWT_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json`, JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE } });
    const org = await createOrganization(t.db.base);
    userId = (await createMember(t.db.base, org.id, 'VIEWER')).user.id;
  });
  afterAll(async () => {
    await t.stop();
    await new Promise((resolve) => jwks.close(resolve));
  });

  it('accepts an RS256 token signed by a key from the set', async () => {
    const response = await call(t, await sign({}));
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.viewer.user.id).toEqual(expect.any(String));
  });

  it('refuses a token for another audience or from another issuer', async () => {
    expectRefused(await call(t, await sign({ aud: 'someone-else' })));
    expectRefused(await call(t, await sign({ iss: 'https://evil.example.test/' })));
  });

  it('refuses a token signed by a key that is not in the set', async () => {
    const stranger = await generateKeyPair('RS256');
    expectRefused(await call(t, await sign({}, stranger.privateKey)));
  });

  it('refuses an HS256 token even when it is signed with the configured JWT_SECRET', async () => {
    const hs = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(userId).setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime('10m').sign(t.config.jwt.secret);
    expectRefused(await call(t, hs));
  });
});
