import { fc } from '@fast-check/jest';
import { encodeGlobalID } from '@pothos/plugin-relay';

/**
 * Values from the whole space a client can send, weighted towards the edges where databases and
 * parsers disagree: every UTF-16 code unit (unpaired surrogates and control characters included),
 * NUL, very long text, numbers at and past the Int and Float bounds, deep and wide JSON, JSON of
 * the wrong type, empty values, and ids of other types and other tenants.
 */

/** Code units where text handling breaks: NUL, surrogate edges, DEL, ESC, BOM, non-characters. */
const EDGE_UNITS = [0x00, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0x7f, 0x1b, 0xfeff, 0xfffe, 0xffff];

/** Any UTF-16 code unit, edges often: `unit: 'binary'` never produces an unpaired surrogate, this does. */
const codeUnit = fc
  .oneof({ weight: 2, arbitrary: fc.integer({ min: 0, max: 0xffff }) }, { weight: 1, arbitrary: fc.constantFrom(...EDGE_UNITS) })
  .map((code) => String.fromCharCode(code));

const EDGE_TEXT = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfff',
  '\udc00\ud800',
  '\ud83d\ude00',
  '\\',
  '%_\\%',
  "'; DROP TABLE workflows; --",
  '\u202e\ufeff\uffff\ufffe',
  '\t\r\n\u0007\u001b',
  'null',
];

/** A length past each bound the schema states, and past them all. */
const LONG_LENGTHS = [40, 100, 101, 254, 255, 2000, 2001, 10_000, 10_001, 30_000];

export function anyText(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: codeUnit, maxLength: 30 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
    { weight: 2, arbitrary: fc.constantFrom(...EDGE_TEXT) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...LONG_LENGTHS), fc.constantFrom('x', 'é', '\u0000', '😀')).map(([n, c]) => c.repeat(n)) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 60 }) },
  );
}

const EDGE_NUMBERS = [0, -0, 1, -1, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1, 2 ** 53, 2 ** 64, 1e308, -1e308, 5e-324, 0.1, 1.5];

/** Numbers a JSON body can carry (NaN and Infinity cannot): at and past Int's 32 bits and Float's range. */
export function anyNumber(): fc.Arbitrary<number> {
  return fc.oneof(fc.integer({ min: -5, max: 120 }), fc.constantFrom(...EDGE_NUMBERS), fc.double({ noNaN: true, noDefaultInfinity: true }));
}

function nested(depth: number, leaf: unknown, asArray: boolean): unknown {
  let value = leaf;
  for (let level = 0; level < depth; level += 1) value = asArray ? [value] : { n: value };
  return value;
}

/** JSON: ordinary values, keys and strings from the whole space, deep, wide, and of every type. */
export function anyJson(): fc.Arbitrary<unknown> {
  const leaf = fc.oneof(fc.jsonValue({ maxDepth: 2 }), anyText(), anyNumber());
  return fc.oneof(
    { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
    { weight: 3, arbitrary: fc.dictionary(anyText(), leaf, { maxKeys: 6 }) },
    { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 3000 }), leaf, fc.boolean()).map(([depth, value, asArray]) => nested(depth, value, asArray)) },
    { weight: 1, arbitrary: fc.integer({ min: 900, max: 1100 }).map((keys) => Object.fromEntries(Array.from({ length: keys }, (_, i) => [`k${i}`, i]))) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>({}, [], '', null, 0, true, 'text', { '': '' }, { __proto__: 1 }, JSON.parse('{"__proto__":{"x":1}}')) },
  );
}

/** An enum value, or something that is not one. */
export function anyEnum(values: readonly string[]): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...values) }, { weight: 1, arbitrary: anyText() }, { weight: 1, arbitrary: anyNumber() });
}

/**
 * Global ids: `preferred` (the ones the mutation can act on, so some cases are accepted), the
 * `known` ones (own of every type, another tenant's), well-formed ids of nothing, and junk.
 */
export function anyId(known: readonly string[], preferred: readonly string[] = known): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...preferred) },
    { weight: 2, arbitrary: fc.constantFrom(...known) },
    { weight: 1, arbitrary: fc.uuid().map((id) => encodeGlobalID('Workflow', id)) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('Workflow', 'Execution', 'Member', 'X'), anyText()).map(([type, id]) => encodeGlobalID(type, id)) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 80 }).map((text) => Buffer.from(text).toString('base64')) },
    { weight: 2, arbitrary: anyText() },
  );
}

/** Sometimes absent (undefined, dropped by JSON), sometimes null, else a value of `arbitrary`. */
export function optional<T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | null | undefined> {
  return fc.oneof({ weight: 1, arbitrary: fc.constantFrom(undefined, null) }, { weight: 4, arbitrary: arbitrary });
}
