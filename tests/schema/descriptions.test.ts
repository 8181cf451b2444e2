import { describe, expect, it } from '@jest/globals';
import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isSpecifiedScalarType,
  type GraphQLNamedType,
} from 'graphql';
import { permissionRules, unguardedSchema } from '../../src/graphql/schema.js';

/**
 * The explorer's docs pane and every generated client show descriptions: a schema element without
 * one is a question a frontend developer has to ask. This walks the built schema (what
 * schema.graphql prints) and lists every type, field, argument, input field and enum value that has
 * none, so the failure says exactly what to document.
 */

const described = (element: { description?: string | null }) => Boolean(element.description?.trim());

function undocumentedParts(type: GraphQLNamedType): string[] {
  const missing = described(type) ? [] : [type.name];
  if (isObjectType(type) || isInterfaceType(type)) {
    for (const field of Object.values(type.getFields())) {
      if (!described(field)) missing.push(`${type.name}.${field.name}`);
      for (const arg of field.args) if (!described(arg)) missing.push(`${type.name}.${field.name}(${arg.name})`);
    }
  }
  if (isInputObjectType(type)) {
    for (const field of Object.values(type.getFields())) if (!described(field)) missing.push(`${type.name}.${field.name}`);
  }
  if (isEnumType(type)) {
    for (const value of type.getValues()) if (!described(value)) missing.push(`${type.name}.${value.name}`);
  }
  return missing;
}

const ownTypes = () =>
  Object.values(unguardedSchema.getTypeMap()).filter((type) => !type.name.startsWith('__') && !isSpecifiedScalarType(type));

/** The roles and scopes a shield rule demands, read from the names canAct and hasScope give their rules. */
function requirements(rule: unknown): string[] {
  const nested = (rule as { getRules?: () => unknown[] }).getRules?.();
  if (nested) return nested.flatMap(requirements);
  const name = String((rule as { name?: string }).name ?? '');
  const acting = /^canAct\((\w+),([^)]+)\)$/.exec(name);
  if (acting) return [acting[1], ...(acting[2].includes(':') ? [acting[2]] : [])];
  const scoped = /^hasScope\(([^)]+)\)$/.exec(name);
  return scoped ? [scoped[1]] : [];
}

type FieldRules = Record<string, unknown>;
const isFieldMap = (rules: unknown): rules is FieldRules => typeof rules === 'object' && rules !== null && rules.constructor === Object;

/** "Field needs X but neither its description nor its type's says so", for every guarded field. */
function unstatedRequirements(typeName: string, rules: FieldRules): string[] {
  const type = unguardedSchema.getType(typeName);
  if (!isObjectType(type)) return [];
  const problems: string[] = [];
  for (const field of Object.values(type.getFields())) {
    const text = `${field.description ?? ''} ${type.description ?? ''}`;
    const unstated = requirements(rules[field.name] ?? rules['*']).filter((needed) => !text.includes(needed));
    if (unstated.length > 0) problems.push(`${typeName}.${field.name} needs ${unstated.join(', ')}`);
  }
  return problems;
}

describe('schema descriptions', () => {
  it('describes every type, field, argument, input field and enum value', () => {
    expect(ownTypes().flatMap(undocumentedParts)).toEqual([]);
  });

  it('names the role and scope each field’s permission rule requires', () => {
    const rules = permissionRules();
    const problems = Object.entries(rules).flatMap(([typeName, typeRules]) =>
      isFieldMap(typeRules) ? unstatedRequirements(typeName, typeRules) : [],
    );
    expect(problems).toEqual([]);
  });
});
