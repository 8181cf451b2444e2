import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose';
import type { Config } from '../config.js';
import { AppError, ErrorCode } from '../graphql/errors.js';

/**
 * Bearer tokens: HS256 with JWT_SECRET, or RS256/ES256 from an identity provider's JWKS when
 * JWT_JWKS_URL is set. `sub` is the user id; the role never comes from the token.
 */

export interface TokenClaims {
  userId: string;
  email?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type TokenVerifier = (token: string) => Promise<TokenClaims>;

export function createTokenVerifier(jwt: Config['jwt']): TokenVerifier {
  const jwks: JWTVerifyGetKey | undefined = jwt.jwksUrl ? createRemoteJWKSet(new URL(jwt.jwksUrl)) : undefined;
  const options = {
    issuer: jwt.issuer,
    audience: jwt.audience,
    algorithms: jwks ? ['RS256', 'ES256'] : ['HS256'],
  };
  return async (token) => {
    try {
      const { payload } = jwks ? await jwtVerify(token, jwks, options) : await jwtVerify(token, jwt.secret, options);
      if (typeof payload.sub !== 'string' || !UUID.test(payload.sub)) throw new Error('sub is not a user id');
      return { userId: payload.sub, email: typeof payload.email === 'string' ? payload.email : undefined };
    } catch {
      throw new AppError(ErrorCode.UNAUTHENTICATED, 'Invalid or expired bearer token', { http: { status: 401 } });
    }
  };
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
