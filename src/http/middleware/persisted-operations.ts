import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { ErrorCode } from '../../graphql/errors.js';
import type { TrustedDocuments } from '../../persisted/trusted-documents.js';

export interface PersistedOperationsOptions {
  documents: TrustedDocuments;
  /** API-key requests may only run registered operations (SPEC §8). */
  persistedOnlyForApiKeys?: boolean;
}

interface OperationReference {
  query?: string;
  id?: string;
  byDocumentId: boolean;
}

function parseJsonParam(value: unknown): Record<string, any> | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return JSON.parse(value) as Record<string, any>;
  } catch {
    return undefined;
  }
}

function readReference(req: Request): OperationReference {
  const source: Record<string, any> = req.method === 'GET' ? (req.query as Record<string, any>) : (req.body ?? {});
  const extensions = typeof source.extensions === 'string' ? parseJsonParam(source.extensions) : source.extensions;
  const documentId = typeof source.documentId === 'string' ? source.documentId : undefined;
  const hash = extensions?.persistedQuery?.sha256Hash;
  return {
    query: typeof source.query === 'string' ? source.query : undefined,
    id: documentId ?? (typeof hash === 'string' ? hash : undefined),
    byDocumentId: documentId !== undefined,
  };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function isApiKeyRequest(req: Request): boolean {
  return /^apikey\s/i.test(req.header('authorization') ?? '') || req.header('x-api-key') !== undefined;
}

function refuse(res: Response, status: number, code: ErrorCode, message: string) {
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
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

/**
 * Trusted documents and the API-key rule, ahead of Apollo. A request may name a registered operation
 * by `documentId` or by `extensions.persistedQuery.sha256Hash`; the gateway supplies its text. API-key
 * requests that carry any other query text are refused; people may still send free queries and use
 * automatic persisted queries, which Apollo itself handles for hashes that are not trusted documents.
 */
export function persistedOperations({ documents, persistedOnlyForApiKeys = true }: PersistedOperationsOptions): RequestHandler {
  return async (req, res, next) => {
    try {
      const reference = readReference(req);
      const restricted = persistedOnlyForApiKeys && isApiKeyRequest(req);
      const trusted = reference.query === undefined && reference.id ? await documents.find(reference.id) : undefined;
      if (trusted) {
        supplyQuery(req, trusted.body);
        return next();
      }
      if (reference.query === undefined && reference.id && (reference.byDocumentId || restricted)) {
        return refuse(res, 200, ErrorCode.PERSISTED_QUERY_NOT_FOUND, 'PersistedQueryNotFound');
      }
      if (restricted && reference.query !== undefined && !(await documents.find(sha256(reference.query)))) {
        return refuse(res, 400, ErrorCode.PERSISTED_QUERY_REQUIRED, 'API keys may only run registered operations; send its documentId');
      }
      next();
    } catch (error) {
      next(error);
    }
  };
}
