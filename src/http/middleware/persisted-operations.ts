import type { Request, RequestHandler } from 'express';
import { createOperationPolicy, type OperationPolicyOptions, type OperationRequest } from '../../persisted/operation-policy.js';

function parseJsonParam(value: unknown): Record<string, any> | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return JSON.parse(value) as Record<string, any>;
  } catch {
    return undefined;
  }
}

function isApiKeyRequest(req: Request): boolean {
  return /^apikey\s/i.test(req.header('authorization') ?? '') || req.header('x-api-key') !== undefined;
}

/** What a POST body or a GET URL says about its operation. */
function readOperationRequest(req: Request): OperationRequest {
  const source: Record<string, any> = req.method === 'GET' ? (req.query as Record<string, any>) : (req.body ?? {});
  const extensions = typeof source.extensions === 'string' ? parseJsonParam(source.extensions) : source.extensions;
  const hash = extensions?.persistedQuery?.sha256Hash;
  return {
    query: typeof source.query === 'string' ? source.query : undefined,
    documentId: typeof source.documentId === 'string' ? source.documentId : undefined,
    sha256Hash: typeof hash === 'string' ? hash : undefined,
    apiKey: isApiKeyRequest(req),
  };
}

/** Puts the trusted document's text where Apollo reads the query, for POST bodies and GET URLs. */
function supplyQuery(req: Request, body: string) {
  if (req.method === 'GET') {
    const url = new URL(req.url, 'http://gateway');
    url.searchParams.set('query', body);
    req.url = url.pathname + url.search;
  } else {
    req.body.query = body;
  }
}

/** The persisted-operation policy (persisted/operation-policy.ts) ahead of Apollo. */
export function persistedOperations(options: OperationPolicyOptions): RequestHandler {
  const decide = createOperationPolicy(options);
  return async (req, res, next) => {
    try {
      const decision = await decide(readOperationRequest(req));
      if (decision.kind === 'refuse') {
        return res.status(decision.status).json({ errors: [{ message: decision.message, extensions: { code: decision.code } }] });
      }
      if (decision.query !== undefined) supplyQuery(req, decision.query);
      next();
    } catch (error) {
      next(error);
    }
  };
}
