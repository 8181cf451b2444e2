/**
 * src/persisted/: automatic persisted queries and trusted documents, and the policy that API keys run
 * only registered operations — for every transport. Imports db/ (privileged look-ups), runtime/ and
 * graphql/errors.ts; never Express.
 */
import { createHash } from 'node:crypto';
import { ErrorCode } from '../graphql/errors.js';
import type { TrustedDocuments } from './trusted-documents.js';

export interface OperationPolicyOptions {
  documents: TrustedDocuments;
  /** API-key requests may only run registered operations. */
  persistedOnlyForApiKeys?: boolean;
}

/** How a request names its operation, whatever the transport. */
export interface OperationRequest {
  query?: string;
  documentId?: string;
  /** `extensions.persistedQuery.sha256Hash` (a trusted document's id, or an automatic persisted query). */
  sha256Hash?: string;
  /** The request authenticates with an API key. */
  apiKey: boolean;
}

export type OperationDecision =
  /** Go on; `query` is the trusted document's text when the request named one without sending text. */
  | { kind: 'run'; query?: string }
  | { kind: 'refuse'; status: number; code: ErrorCode; message: string };

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Trusted documents and the API-key rule, for both transports. A request may name a registered
 * operation by `documentId` or by `sha256Hash`; the policy hands back its text. API-key requests that
 * carry any other query text are refused; people may still send free queries and use automatic
 * persisted queries, which the GraphQL server itself resolves for hashes that are not trusted documents.
 */
export function createOperationPolicy({ documents, persistedOnlyForApiKeys = true }: OperationPolicyOptions) {
  return async (request: OperationRequest): Promise<OperationDecision> => {
    const id = request.documentId ?? request.sha256Hash;
    const restricted = persistedOnlyForApiKeys && request.apiKey;
    if (request.query === undefined && id) {
      const trusted = await documents.find(id);
      if (trusted) return { kind: 'run', query: trusted.body };
      if (request.documentId !== undefined || restricted) {
        return { kind: 'refuse', status: 200, code: ErrorCode.PERSISTED_QUERY_NOT_FOUND, message: 'PersistedQueryNotFound' };
      }
    }
    if (restricted && request.query !== undefined && !(await documents.find(sha256(request.query)))) {
      return {
        kind: 'refuse',
        status: 400,
        code: ErrorCode.PERSISTED_QUERY_REQUIRED,
        message: 'API keys may only run registered operations; send its documentId',
      };
    }
    return { kind: 'run' };
  };
}
