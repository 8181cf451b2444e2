import {
  getArgumentValues,
  getNamedType,
  getNullableType,
  getVariableValues,
  isInputObjectType,
  isListType,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FieldNode,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { AppError, ErrorCode } from '../graphql/errors.js';
import { cursorProblem, orderingProblem } from './cursor.js';
import { LIST_CONTRACT, type ListContract } from '../modules/lists/list-contract.js';
import { jsonProblem, textProblem } from './storable-value.js';

/** A refused argument value: `field` names it as extensions.field does, `message` says why. */
export interface ArgumentProblem {
  field: string;
  message: string;
}

const CURSOR_ARGUMENTS = new Set(['after', 'before']);

/** The problem of one scalar value, by the scalar's name; other scalars and enums coerce strictly already. */
function scalarProblem(typeName: string, value: unknown): string | undefined {
  if ((typeName === 'String' || typeName === 'ID') && typeof value === 'string') return textProblem(value);
  if (typeName === 'JSON') return jsonProblem(value);
  return undefined;
}

/** Walks one coerced argument value along its input type; the path names input fields and list indexes. */
function valueProblem(value: unknown, type: GraphQLInputType, path: string[]): ArgumentProblem | undefined {
  if (value === null || value === undefined) return undefined;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    const items = Array.isArray(value) ? value : [value];
    for (const [index, item] of items.entries()) {
      const problem = valueProblem(item, nullable.ofType, [...path, String(index)]);
      if (problem) return problem;
    }
    return undefined;
  }
  if (isInputObjectType(nullable)) {
    for (const [name, field] of Object.entries(nullable.getFields())) {
      const problem = valueProblem((value as Record<string, unknown>)[name], field.type, [...path, name]);
      if (problem) return problem;
    }
    return undefined;
  }
  const message = scalarProblem(nullable.name, value);
  return message ? { field: path.join('.'), message } : undefined;
}

/** Mutations take one `input`: its fields are named as the zod checks name them, without `input.`. */
const fieldPath = (argument: string) => (argument === 'input' ? [] : [argument]);

/** The problem of a list's `orderBy` or cursors, judged by the list's contract in the schema. */
function listProblem(contract: ListContract, args: Record<string, unknown>): ArgumentProblem | undefined {
  const ordering = orderingProblem(contract, args);
  if (ordering) return { field: 'orderBy', message: ordering };
  for (const name of CURSOR_ARGUMENTS) {
    const value = args[name];
    const message = typeof value === 'string' ? cursorProblem(value, contract, args) : undefined;
    if (message) return { field: name, message };
  }
  return undefined;
}

function fieldProblem(field: GraphQLField<unknown, unknown>, args: Record<string, unknown>): ArgumentProblem | undefined {
  const contract = field.extensions[LIST_CONTRACT] as ListContract | undefined;
  const problem = contract ? listProblem(contract, args) : undefined;
  if (problem) return problem;
  for (const definition of field.args) {
    const problem = valueProblem(args[definition.name], definition.type, fieldPath(definition.name));
    if (problem) return problem;
  }
  return undefined;
}

/** A field of the operation whose arguments may hold a value the gateway refuses. */
interface CheckedField {
  definition: GraphQLField<unknown, unknown>;
  node: FieldNode;
}

const REFUSABLE_SCALARS = new Set(['String', 'ID', 'JSON']);

/** Whether a value of `type` can hold a String, ID or JSON scalar (the only ones with storage rules). */
function mayHoldRefusedValue(type: GraphQLInputType, seen = new Set<string>()): boolean {
  const named = getNamedType(type);
  if (!isInputObjectType(named)) return REFUSABLE_SCALARS.has(named.name);
  if (seen.has(named.name)) return false; // a recursive input type: its fields are being looked at already
  seen.add(named.name);
  return Object.values(named.getFields()).some((field) => mayHoldRefusedValue(field.type, seen));
}

/** A list's orderBy and cursors are judged by its contract; other fields only for String, ID or JSON values. */
const needsCheck = (definition: GraphQLField<unknown, unknown>) =>
  definition.extensions[LIST_CONTRACT] !== undefined || definition.args.some((argument) => mayHoldRefusedValue(argument.type));

const plans = new WeakMap<GraphQLSchema, WeakMap<OperationDefinitionNode, CheckedField[]>>();

/**
 * The fields of `operation` (and of the document's fragments) that pass arguments which could be
 * refused: found by one walk of the document with its types, then kept per operation node. Apollo
 * and graphql-ws hand every request for the same text the same parsed document, so a repeated
 * operation costs only the look-up of its argument values.
 */
function checkedFields(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): CheckedField[] {
  let bySchema = plans.get(schema);
  if (!bySchema) plans.set(schema, (bySchema = new WeakMap()));
  const cached = bySchema.get(operation);
  if (cached) return cached;
  const typeInfo = new TypeInfo(schema);
  const fields: CheckedField[] = [];
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      // Another operation of the document does not run: its arguments are not this request's.
      OperationDefinition: (node) => (node === operation ? undefined : false),
      Field(node) {
        const definition = typeInfo.getFieldDef();
        if (definition && node.arguments?.length && needsCheck(definition)) fields.push({ definition, node });
      },
    }),
  );
  bySchema.set(operation, fields);
  return fields;
}

/**
 * The first argument value in `operation` (and the fragments it spreads) that the gateway refuses
 * to store or look up, before anything executes: nested connection arguments become part of their
 * parent's SQL statement, so checking them in their own resolver would be too late. Variables that
 * do not coerce are left to execution, which reports them with their own error.
 */
export function argumentProblem(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): ArgumentProblem | undefined {
  const fields = checkedFields(schema, document, operation);
  if (fields.length === 0) return undefined;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  if (coerced.errors) return undefined;
  for (const { definition, node } of fields) {
    try {
      const problem = fieldProblem(definition, getArgumentValues(definition, node, coerced.coerced));
      if (problem) return problem;
    } catch {
      // An argument that does not coerce: execution reports it as BAD_USER_INPUT naming it.
    }
  }
  return undefined;
}

/** BAD_USER_INPUT naming the field, HTTP 400: the operation was refused before it ran, like a limit. */
export function refusedArgument({ field, message }: ArgumentProblem): AppError {
  return new AppError(ErrorCode.BAD_USER_INPUT, `${field}: ${message}`, { field, http: { status: 400 } });
}
