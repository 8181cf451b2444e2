import { describe, expect, it } from '@jest/globals';
import { isObjectType } from 'graphql';
import { API_ORDERINGS } from '../../src/db/audit/api-orderings.js';
import { unguardedSchema } from '../../src/graphql/schema.js';

/**
 * The audit's list of connection orderings is written by hand from the modules' `orderBy`s; this keeps
 * it complete: every connection field of the schema must be named in it, so a new connection cannot
 * ship without the audit checking that an index serves it.
 */
describe("the index check's connection orderings", () => {
  it('name every connection field of the schema', () => {
    const connections = Object.values(unguardedSchema.getTypeMap())
      .filter(isObjectType)
      .filter((type) => !type.name.startsWith('__'))
      .flatMap((type) =>
        Object.values(type.getFields())
          .filter((field) => /Connection!?$/.test(String(field.type)))
          .map((field) => `${type.name}.${field.name}`),
      );
    const listed = new Set(API_ORDERINGS.flatMap((ordering) => ordering.field.split(', ').map((name) => name.replace(/\(.*\)$/, ''))));
    expect(connections.filter((name) => !listed.has(name)).sort()).toEqual([]);
    expect(connections.length).toBeGreaterThanOrEqual(8);
  });
});
