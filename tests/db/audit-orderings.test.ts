import { describe, expect, it } from '@jest/globals';
import { isObjectType } from 'graphql';
import { indexRequirements, servesRequirement } from '../../src/db/audit/list-indexes.js';
import type { IndexInfo } from '../../src/db/audit/catalog.js';
import { unguardedSchema } from '../../src/graphql/schema.js';
import { offeredLists } from '../../src/modules/lists/offered-lists.js';

/**
 * The index check reads the offered orderings and filters from the schema itself: every connection
 * must carry its contract, or the audit would not ask for its indexes.
 */
describe("the index check's lists", () => {
  const lists = offeredLists(unguardedSchema);

  it('cover every connection field of the schema', () => {
    const connections = Object.values(unguardedSchema.getTypeMap())
      .filter(isObjectType)
      .filter((type) => !type.name.startsWith('__'))
      .flatMap((type) =>
        Object.values(type.getFields())
          .filter((field) => /Connection!?$/.test(String(field.type)))
          .map((field) => `${type.name}.${field.name}`),
      );
    expect(lists.map((list) => list.field).sort()).toEqual(connections.sort());
    expect(connections.length).toBeGreaterThanOrEqual(8);
  });

  it('take every orderBy value and filter field a client can send from the contract', () => {
    for (const { field, contract } of lists) {
      const [typeName, fieldName] = field.split('.');
      const definition = (unguardedSchema.getType(typeName) as any).getFields()[fieldName];
      const orderEnum = String(definition.args.find((arg: any) => arg.name === 'orderBy').type).replace(/[[\]!]/g, '');
      const values = (unguardedSchema.getType(orderEnum) as any).getValues().map((value: any) => value.name);
      expect(values.sort()).toEqual(Object.keys(contract.keys).flatMap((key) => [`${key}_ASC`, `${key}_DESC`]).sort());
      const filterType = String(definition.args.find((arg: any) => arg.name === 'filter').type);
      expect(Object.keys((unguardedSchema.getType(filterType) as any).getFields()).sort()).toEqual(contract.filters.map((filter) => filter.field).sort());
    }
  });

  const executions = lists.find((list) => list.field === 'Organization.executions')!;
  const byFinish = indexRequirements(executions).find((requirement) => requirement.object.endsWith('orderBy [FINISHED_AT_DESC]'))!;
  const index = (columns: string[], descending: boolean[]): IndexInfo => ({ name: 'i', table: 'workflow_executions', columns, descending, usable: true });

  it('asks for the tenant, the sort column and the id, in the order or all reversed', () => {
    expect(servesRequirement(index(['organizationId', 'finishedAt', 'id'], [false, true, true]), byFinish)).toBe(true);
    expect(servesRequirement(index(['organizationId', 'finishedAt', 'id'], [false, false, false]), byFinish)).toBe(true);
    expect(servesRequirement(index(['organizationId', 'finishedAt', 'id'], [false, true, false]), byFinish)).toBe(false);
    expect(servesRequirement(index(['organizationId', 'finishedAt'], [false, true]), byFinish)).toBe(false);
    expect(servesRequirement(index(['finishedAt', 'id'], [true, true]), byFinish)).toBe(false);
  });
});
