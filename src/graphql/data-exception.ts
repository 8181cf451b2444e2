/**
 * PostgreSQL's class 22 ("data exception": a value that does not fit its column or type) and
 * Prisma's codes for the same. The input checks (input/storable-value.ts) refuse such values before
 * any SQL; this is the second line behind them, so a value they miss is still the client's
 * BAD_USER_INPUT and not an internal error.
 */

/** Prisma's codes, and its driver adapters' kinds, for the data exceptions they recognise. */
const PRISMA_DATA_CODES: Record<string, string> = { P2000: '22001', P2007: '22P02', P2020: '22003' };
const ADAPTER_DATA_KINDS: Record<string, string> = { LengthMismatch: '22001', InvalidInputValue: '22P02', ValueOutOfRange: '22003' };

const SQLSTATE_DATA_EXCEPTION = /^22[0-9A-Z]{3}$/;

const REASONS: Record<string, string> = {
  '22001': 'a value is longer than its field allows',
  '22003': 'a number is out of range for its field',
  '22021': 'a value contains a character that cannot be stored',
  '22P05': 'a value contains a character that cannot be stored',
  '22P02': 'a value is not in the format its field expects',
};

interface AdapterCause {
  /** PostgreSQL's SQLSTATE: `originalCode` where the adapter recognised the error, `code` where it did not. */
  originalCode?: unknown;
  code?: unknown;
  kind?: unknown;
}

interface WithCodes {
  code?: unknown;
  meta?: { driverAdapterError?: { cause?: AdapterCause } };
}

const isDataState = (state: unknown): state is string => typeof state === 'string' && SQLSTATE_DATA_EXCEPTION.test(state);

function adapterState(cause: AdapterCause | undefined): string | undefined {
  if (!cause) return undefined;
  const state = cause.originalCode ?? cause.code;
  if (state !== undefined) return isDataState(state) ? state : undefined;
  return ADAPTER_DATA_KINDS[String(cause.kind)];
}

/** The SQLSTATE of a data exception (from Prisma or straight from the driver), or undefined. */
export function dataExceptionState(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, meta } = error as WithCodes;
  if (meta?.driverAdapterError) return adapterState(meta.driverAdapterError.cause);
  if (typeof code !== 'string') return undefined;
  if ((error as { name?: unknown }).name === 'PrismaClientKnownRequestError') return PRISMA_DATA_CODES[code];
  return isDataState(code) ? code : undefined;
}

/** What the client is told: the kind of problem, never the database's own text (it quotes SQL and values). */
export const dataExceptionMessage = (state: string) => `The database refused the input: ${REASONS[state] ?? 'a value is not valid for its field'}`;
