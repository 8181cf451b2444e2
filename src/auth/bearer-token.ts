import { createSecretKey } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose';
import type { Config } from '../config.js';
import { isUuid } from '../db/uuid.js';
import { AppError, ErrorCode } from '../graphql/errors.js';

/**
 * Bearer tokens: HS256 with JWT_SECRET, or RS256/ES256 from an identity provider's JWKS when
 * JWT_JWKS_URL is set. `sub` is the user id; the role never comes from the token.
 */

export interface TokenClaims {
  userId: string;
  email?: string;
}

export type TokenVerifier = (token: string) => Promise<TokenClaims>;

/** A verified token is trusted again for at most this long, and never past its own `exp`. */
const REVERIFY_AFTER_MS = 60_000;
const MAX_REMEMBERED_TOKENS = 10_000;

/**
 * Clients send the same token with every request, and verifying it (key import, HMAC or signature
 * check, claims) was a visible share of a request's CPU. A token that verified is remembered by its
 * exact text — signature included, so no other token can match — until it expires.
 */
function rememberVerified(verify: TokenVerifier): TokenVerifier {
  const verified = new Map<string, { claims: TokenClaims; until: number }>();
  return async (token) => {
    const known = verified.get(token);
    if (known && Date.now() < known.until) return known.claims;
    verified.delete(token);
    const claims = await verify(token);
    const exp = (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { exp?: unknown }).exp;
    const expiresAt = typeof exp === 'number' ? exp * 1000 : Infinity;
    if (verified.size >= MAX_REMEMBERED_TOKENS) verified.clear();
    verified.set(token, { claims, until: Math.min(expiresAt, Date.now() + REVERIFY_AFTER_MS) });
    return claims;
  };
}

export function createTokenVerifier(jwt: Config['jwt']): TokenVerifier {
  const jwks: JWTVerifyGetKey | undefined = jwt.jwksUrl ? createRemoteJWKSet(new URL(jwt.jwksUrl)) : undefined;
  const secret = createSecretKey(jwt.secret); // imported once, not on every verification
  const options = {
    issuer: jwt.issuer,
    audience: jwt.audience,
    algorithms: jwks ? ['RS256', 'ES256'] : ['HS256'],
  };
  return rememberVerified(async (token) => {
    try {
      const { payload } = jwks ? await jwtVerify(token, jwks, options) : await jwtVerify(token, secret, options);
      if (typeof payload.sub !== 'string' || !isUuid(payload.sub)) throw new Error('sub is not a user id');
      return { userId: payload.sub, email: typeof payload.email === 'string' ? payload.email : undefined };
    } catch {
      throw new AppError(ErrorCode.UNAUTHENTICATED, 'Invalid or expired bearer token', { http: { status: 401 } });
    }
  });
}

/** Development tokens for `flowgate token` and the start-up banner. */
export function signToken(jwt: Config['jwt'], claims: TokenClaims, ttl: string): Promise<string> {
  return new SignJWT({ email: claims.email })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.userId)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .setIssuer(jwt.issuer ?? 'flowgate')
    .setAudience(jwt.audience ?? 'flowgate')
    .sign(jwt.secret);
}
