import { and, deny, shield, type IRules } from 'graphql-shield';
import { isNamedType, type GraphQLSchema } from 'graphql';
import { isAuthenticated } from '../auth/rules.js';
import { AppError, ErrorCode } from './errors.js';

/** A rule or a logic rule (and/or); graphql-shield does not export the union by name. */
export type ShieldRule = Parameters<typeof and>[number];

export type RuleMap = Record<string, ShieldRule | Record<string, ShieldRule>>;

/** Domains may each guard fields of a shared type (Organization.workflows, Organization.members…). */
export function mergeRuleMaps(maps: RuleMap[]): RuleMap {
  const merged: RuleMap = {};
  for (const map of maps) {
    for (const [typeName, rules] of Object.entries(map)) {
      const existing = merged[typeName];
      if (existing === undefined) merged[typeName] = rules;
      else if (isFieldMap(existing) && isFieldMap(rules)) merged[typeName] = { ...existing, ...rules };
      else throw new Error(`Two permission maps guard ${typeName} as a whole; guard it in one place`);
    }
  }
  return merged;
}

function isFieldMap(rules: ShieldRule | Record<string, ShieldRule>): rules is Record<string, ShieldRule> {
  return typeof rules === 'object' && rules !== null && rules.constructor === Object;
}

/**
 * Relay's structural types (connections, edges, PageInfo) carry no data of their own: what they list
 * was guarded by the field that returned them. Everything else falls back to `deny`.
 */
export function structuralRules(schema: GraphQLSchema): RuleMap {
  return Object.fromEntries(
    Object.values(schema.getTypeMap())
      .filter((type) => isNamedType(type) && (type.name === 'PageInfo' || /(Connection|Edge)$/.test(type.name)))
      .map((type) => [type.name, isAuthenticated]),
  );
}

export function createShield(rules: RuleMap) {
  return shield(rules as IRules, {
    fallbackRule: deny,
    allowExternalErrors: true,
    fallbackError: new AppError(ErrorCode.FORBIDDEN, 'You are not allowed to do this'),
  });
}
