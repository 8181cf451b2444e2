/**
 * src/input/: what a client may send as a value, decided once for every transport. Pure functions of
 * plain values; imports graphql-js only.
 *
 * PostgreSQL's `text` refuses the NUL character, and its `jsonb` refuses `\u0000` and escapes of
 * unpaired surrogates; the drivers silently turn an unpaired surrogate in a `text` parameter into
 * U+FFFD, so it would be stored as something else than was sent. Those are the storage rules; the
 * limits below are the gateway's own, tighter than PostgreSQL's, so that no input can make a
 * statement, a recursion or a log line expensive.
 */

/** The most characters any String or ID input may have (a field may say less). */
export const MAX_TEXT_LENGTH = 10_000;
/** How deeply JSON input may nest objects and arrays. */
export const MAX_JSON_DEPTH = 32;
/** The most keys one JSON object may have. */
export const MAX_JSON_KEYS = 1_000;

/** The bounds as the schema states them, so descriptions and checks cannot drift apart. */
export const TEXT_BOUNDS = `at most ${MAX_TEXT_LENGTH} characters, no NUL (U+0000) and no unpaired UTF-16 surrogate`;
export const JSON_BOUNDS = `nested at most ${MAX_JSON_DEPTH} levels deep, at most ${MAX_JSON_KEYS} keys per object, finite numbers only, strings and keys without NUL (U+0000) or unpaired UTF-16 surrogates, and no key "__proto__"`;

const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A problem PostgreSQL would have storing `text` exactly, in words for the client; undefined if none. */
export function characterProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain the NUL character (U+0000)';
  if (UNPAIRED_SURROGATE.test(text)) return 'must not contain an unpaired UTF-16 surrogate (U+D800 to U+DFFF without its pair)';
  return undefined;
}

/** `characterProblem` plus the gateway's length bound, for String and ID inputs. */
export function textProblem(text: string, maxLength = MAX_TEXT_LENGTH): string | undefined {
  if (text.length > maxLength) return `must be at most ${maxLength} characters`;
  return characterProblem(text);
}

/**
 * A key's problem: as text, and `__proto__`, which JSON allows but every object the input is copied
 * into (zod's parsed records, spreads) turns into a prototype, so it was silently dropped.
 */
function keyCharacterProblem(key: string): string | undefined {
  return key === '__proto__' ? 'must not be "__proto__"' : characterProblem(key);
}

interface Pending {
  value: unknown;
  depth: number;
  at: string;
}

const where = (at: string) => (at ? ` (at ${at})` : '');
const child = (at: string, key: string | number) => (at ? `${at}.${key}` : String(key));

/** One JSON value's own problem, not its children's. */
function ownProblem(value: unknown, depth: number): string | undefined {
  if (typeof value === 'string') return characterProblem(value);
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : 'must contain only finite numbers';
  if (typeof value !== 'object' || value === null) return undefined;
  if (depth > MAX_JSON_DEPTH) return `must not nest deeper than ${MAX_JSON_DEPTH} levels`;
  if (!Array.isArray(value) && Object.keys(value).length > MAX_JSON_KEYS) return `must have at most ${MAX_JSON_KEYS} keys per object`;
  return undefined;
}

/**
 * The first problem in a JSON input, with where it is; undefined if `jsonb` stores it exactly.
 * Iterative, so a value nested thousands of levels deep is refused, not a stack overflow.
 */
export function jsonProblem(value: unknown): string | undefined {
  const stack: Pending[] = [{ value, depth: 1, at: '' }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const problem = ownProblem(item.value, item.depth);
    if (problem) return problem + where(item.at);
    if (typeof item.value !== 'object' || item.value === null) continue;
    for (const [key, member] of Object.entries(item.value)) {
      const keyProblem = Array.isArray(item.value) ? undefined : keyCharacterProblem(key);
      if (keyProblem) return `keys ${keyProblem}${where(item.at)}`;
      stack.push({ value: member, depth: item.depth + 1, at: child(item.at, key) });
    }
  }
  return undefined;
}
