import cors from 'cors';
import type { RequestHandler } from 'express';
import { originMatcher } from '../origin-patterns.js';

export interface CorsOptions {
  /** Validated CORS_ORIGINS entries (see origin-patterns.ts); empty refuses every browser origin. */
  origins: string[];
}

/** The request headers browser clients of this API send (Apollo Client, GraphiQL, fetch). */
const ALLOWED_HEADERS = [
  'content-type',
  'authorization',
  'x-organization-id',
  'x-api-key',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'x-request-id',
];

/** What a page may read from a response: the id to quote in a bug report, and when to retry. */
const EXPOSED_HEADERS = ['x-request-id', 'Retry-After'];

/**
 * Cross-origin calls from the configured origins only. The allowed origin is echoed back (with
 * `Vary: Origin`), or `*` when CORS_ORIGINS is `*`; credentials (cookies) are never allowed, so a
 * wildcard never meets them — the API authenticates by header, which needs no credentials mode.
 * A refused origin gets no CORS headers at all, and the browser blocks the response.
 */
export function corsMiddleware({ origins }: CorsOptions): RequestHandler {
  const allowed = originMatcher(origins);
  return cors({
    origin: origins.includes('*') ? '*' : (origin, callback) => callback(null, origin !== undefined && allowed(origin) ? origin : false),
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ALLOWED_HEADERS,
    exposedHeaders: EXPOSED_HEADERS,
    credentials: false,
    // Browsers cap this (Chromium at 2 h); ten minutes keeps a changed CORS_ORIGINS quick to apply.
    maxAge: 600,
  });
}
