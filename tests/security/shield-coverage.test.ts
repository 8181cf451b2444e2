import { describe, expect, it } from '@jest/globals';
import { isObjectType } from 'graphql';
import { permissionRules, unguardedSchema } from '../../src/graphql/schema.js';

/**
 * graphql-shield denies what it has no rule for, but "denied by accident" is not a policy. This walks
 * the built schema and requires an explicit rule for every root field and every field of the types
 * that hold sensitive data.
 */
const SENSITIVE_TYPES = ['ApiKey', 'AuditLogEntry', 'Integration', 'Member', 'Execution', 'Workflow', 'WorkflowVersion'];

function ruleFor(rules: Record<string, unknown>, type: string, field: string): unknown {
  const typeRules = rules[type];
  if (typeRules === undefined) return undefined;
  if (typeof typeRules === 'object' && typeRules !== null && (typeRules as object).constructor === Object) {
    const map = typeRules as Record<string, unknown>;
    return map[field] ?? map['*'];
  }
  return typeRules;
}

describe('shield coverage', () => {
  const rules = permissionRules();

  it.each(['Query', 'Mutation', 'Subscription'])('has an explicit rule for every %s field', (root) => {
    const type = unguardedSchema.getType(root);
    if (!isObjectType(type)) throw new Error(`${root} is missing`);
    const missing = Object.keys(type.getFields()).filter((field) => !ruleFor(rules, root, field));
    expect(missing).toEqual([]);
  });

  it.each(SENSITIVE_TYPES)('has an explicit rule for every field of %s', (typeName) => {
    const type = unguardedSchema.getType(typeName);
    if (!isObjectType(type)) throw new Error(`${typeName} is missing`);
    const missing = Object.keys(type.getFields()).filter((field) => !ruleFor(rules, typeName, field));
    expect(missing).toEqual([]);
  });

  it('names Integration.config explicitly, and has no field that could return credentials', () => {
    const integrationRules = rules.Integration as Record<string, unknown>;
    expect(integrationRules.config).toBeDefined();
    const integration = unguardedSchema.getType('Integration');
    if (!isObjectType(integration)) throw new Error('Integration is missing');
    expect(Object.keys(integration.getFields()).filter((field) => /credential|secret|token/i.test(field))).toEqual(['hasCredentials']);
  });

  it('guards every object type of the schema somehow', () => {
    const unguarded = Object.values(unguardedSchema.getTypeMap())
      .filter((type) => isObjectType(type) && !type.name.startsWith('__'))
      .filter((type) => rules[type.name] === undefined)
      .map((type) => type.name);
    expect(unguarded).toEqual([]);
  });
});
