import { HeaderMap } from '@apollo/server';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import { dataExceptionMessage, dataExceptionState } from './data-exception.js';

/** The error codes a client can rely on (SPEC §7). */
export const ErrorCode = {
  /** No credentials where they are needed, or credentials that are malformed, expired, revoked or wrongly signed. */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** The actor is known but its role or scopes do not allow the operation. */
  FORBIDDEN: 'FORBIDDEN',
  /** The resource does not exist, or belongs to another organization (indistinguishable on purpose). */
  NOT_FOUND: 'NOT_FOUND',
  /** An argument failed validation; `extensions.field` names it. */
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  /** The request contradicts current state: a duplicate, an illegal transition, the last owner. */
  CONFLICT: 'CONFLICT',
  /** The actor's request budget is spent; `extensions.retryAfterSeconds` says when to retry. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** A persisted-query hash the gateway does not know. */
  PERSISTED_QUERY_NOT_FOUND: 'PERSISTED_QUERY_NOT_FOUND',
  /** An API key sent query text that is not a registered operation. */
  PERSISTED_QUERY_REQUIRED: 'PERSISTED_QUERY_REQUIRED',
  /** The document exceeds a depth, cost, alias or token limit. */
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  /** A subscription sent over HTTP (HTTP 400): subscriptions are served over WebSocket at /graphql. */
  UNSUPPORTED_OPERATION: 'UNSUPPORTED_OPERATION',
  /**
   * The database pool stayed saturated for `DATABASE_ACQUIRE_TIMEOUT_MS`, or the database is away or
   * restarting: HTTP 503 with `Retry-After` (and `extensions.retryAfterSeconds`); retrying is safe.
   * On a subscription (no HTTP status there): the event bus (Redis or PostgreSQL) was lost or came
   * back, so events may have been missed; `extensions.eventStream` says which.
   */
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  /** Anything unexpected; details go to the log only, the client gets the request id. */
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** An error meant for the client: its message and extensions are shown as they are. */
export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError(ErrorCode.NOT_FOUND, `${what} not found`);

export const badInput = (field: string, message: string) =>
  new AppError(ErrorCode.BAD_USER_INPUT, `${field}: ${message}`, { field });

/** Seconds a client should wait before retrying a SERVICE_UNAVAILABLE request. */
export const RETRY_AFTER_SECONDS = 1;

export const serviceUnavailable = () =>
  new AppError(ErrorCode.SERVICE_UNAVAILABLE, 'The service is overloaded or its database is unavailable; retry shortly', {
    retryAfterSeconds: RETRY_AFTER_SECONDS,
    http: { status: 503, headers: new HeaderMap([['retry-after', String(RETRY_AFTER_SECONDS)]]) },
  });

interface PrismaKnownError {
  name: string;
  code: string;
  meta?: { target?: unknown; modelName?: string; driverAdapterError?: { cause?: { constraint?: { fields?: string[] } } } };
}

function isPrismaKnownError(error: unknown): error is PrismaKnownError {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { name?: string }).name === 'PrismaClientKnownRequestError' &&
    typeof (error as { code?: unknown }).code === 'string'
  );
}

function uniqueFields(error: PrismaKnownError): string {
  const fields = error.meta?.driverAdapterError?.cause?.constraint?.fields ?? error.meta?.target;
  return Array.isArray(fields) ? fields.map(String).join(', ') : 'value';
}

/** Maps Prisma's known errors once, so no service needs to know their codes. */
export function fromPrismaError(error: unknown): AppError | undefined {
  if (!isPrismaKnownError(error)) return undefined;
  switch (error.code) {
    case 'P2002':
      return new AppError(ErrorCode.CONFLICT, `A record with this ${uniqueFields(error)} already exists`);
    case 'P2025':
    case 'P2001':
      return notFound(error.meta?.modelName ?? 'Record');
    default:
      return undefined;
  }
}

const OUR_CODES = new Set<string>(Object.values(ErrorCode));

/** Pothos rejects impossible connection arguments (before with first, a negative size) this way. */
const isPothosValidationError = (error: unknown) => (error as { name?: string })?.name === 'PothosValidationError';

/** Its messages name the argument in quotes (`Argument "first" must be…`): that is the field. */
function pothosInputError(message: string): AppError {
  const field = /Arguments? "(\w+)"/.exec(message)?.[1];
  return new AppError(ErrorCode.BAD_USER_INPUT, message, field ? { field } : {});
}

/** The error and what it wraps (graphql-js and shield wrap a resolver's error in `originalError`). */
function* causes(error: unknown): Generator<unknown> {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth += 1) {
    yield current;
    current = (current as { originalError?: unknown }).originalError;
  }
}

function findKnownError(error: unknown): GraphQLError | undefined {
  for (const current of causes(error)) {
    if (current instanceof AppError) return current;
    if (isDatabaseUnavailable(current)) return serviceUnavailable();
    const mapped = fromPrismaError(current);
    if (mapped) return mapped;
    if (isPothosValidationError(current)) return pothosInputError((current as Error).message);
    if (current instanceof GraphQLError && OUR_CODES.has(String(current.extensions?.code)) && !current.originalError) {
      return current;
    }
  }
  return undefined;
}

/** The SQLSTATE of the data exception behind `error`, if the database refused a value. */
function findDataException(error: unknown): string | undefined {
  for (const current of causes(error)) {
    const state = dataExceptionState(current);
    if (state) return state;
  }
  return undefined;
}

/**
 * graphql-js reports an input field whose value does not coerce (a DateTime that does not parse, an
 * enum value that does not exist) as `Variable "$input" got invalid value … at "input.expiresAt"; …`:
 * the last name in that path is the input field.
 */
function coercedField(message: string): string | undefined {
  const path = /^Variable "\$\w+" got invalid value .*? at "([^"]+)"; /.exec(message)?.[1];
  return path?.match(/[A-Za-z_]\w*/g)?.pop();
}

/** What graphql-js and Apollo call a malformed request, in the codes of SPEC §7. */
const REQUEST_ERROR_CODES: Record<string, ErrorCode> = {
  GRAPHQL_PARSE_FAILED: ErrorCode.BAD_USER_INPUT,
  GRAPHQL_VALIDATION_FAILED: ErrorCode.BAD_USER_INPUT,
  BAD_REQUEST: ErrorCode.BAD_USER_INPUT,
  OPERATION_RESOLUTION_FAILURE: ErrorCode.BAD_USER_INPUT,
  PERSISTED_QUERY_NOT_SUPPORTED: ErrorCode.BAD_USER_INPUT,
  /** Apollo's UserInputError: a variable that does not coerce (an enum value that does not exist). */
  BAD_USER_INPUT: ErrorCode.BAD_USER_INPUT,
};

/** Apollo reports some malformed requests (a persisted-query hash that does not match) with only a 4xx status. */
function isClientRequestError(error: unknown): boolean {
  if (!(error instanceof GraphQLError) || error.originalError) return false;
  const status = (error.extensions?.http as { status?: number } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

function withoutHttp(extensions: Record<string, unknown> | undefined): Record<string, unknown> {
  const { http: _http, ...rest } = extensions ?? {};
  return rest;
}

/** Where formatError reports what it masks or maps; the caller adds the request's own fields. */
export interface ErrorLog {
  /** A fault of the gateway or a dependency: an error-level line. */
  unexpected(error: unknown): void;
  /**
   * A value the database refused (a data exception) that the input checks let through: the
   * client's mistake, so never error level, but a warning, because the checks have a gap to close.
   */
  refusedByDatabase(sqlState: string): void;
}

/**
 * The one place errors become responses. Our own errors and request errors pass through (in our
 * codes); a value the database refused is the client's BAD_USER_INPUT; everything else (database,
 * driver, bugs) is masked so no SQL, Prisma text or stack reaches a client, and is logged.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  requestId: () => string | undefined,
  log: ErrorLog,
): GraphQLFormattedError {
  const { locations, path } = formatted;
  const field = coercedField(formatted.message);
  if (field) return { message: formatted.message, locations, path, extensions: { code: ErrorCode.BAD_USER_INPUT, field } };
  const known = findKnownError(error);
  if (known) return { message: known.message, locations, path, extensions: withoutHttp(known.extensions) };
  const code = REQUEST_ERROR_CODES[String(formatted.extensions?.code)] ?? (isClientRequestError(error) ? ErrorCode.BAD_USER_INPUT : undefined);
  if (code) return { message: formatted.message, locations, path, extensions: { code } };
  const refusedState = findDataException(error);
  if (refusedState) {
    log.refusedByDatabase(refusedState);
    return { message: dataExceptionMessage(refusedState), locations, path, extensions: { code: ErrorCode.BAD_USER_INPUT } };
  }
  log.unexpected(error);
  const id = requestId();
  return {
    message: `Internal server error${id ? ` (request ${id})` : ''}`,
    path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, requestId: id },
  };
}
