import {
  getArgumentValues,
  getNullableType,
  getVariableValues,
  isInputObjectType,
  isListType,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
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
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  if (coerced.errors) return undefined;
  const typeInfo = new TypeInfo(schema);
  let found: ArgumentProblem | undefined;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      // Another operation of the document does not run: its arguments are not this request's.
      OperationDefinition: (node) => (node === operation ? undefined : false),
      Field(node) {
        const definition = typeInfo.getFieldDef();
        if (found || !definition || node.arguments?.length === 0) return;
        try {
          found = fieldProblem(definition, getArgumentValues(definition, node, coerced.coerced));
        } catch {
          // An argument that does not coerce: execution reports it as BAD_USER_INPUT naming it.
        }
      },
    }),
  );
  return found;
}

/** BAD_USER_INPUT naming the field, HTTP 400: the operation was refused before it ran, like a limit. */
export function refusedArgument({ field, message }: ArgumentProblem): AppError {
  return new AppError(ErrorCode.BAD_USER_INPUT, `${field}: ${message}`, { field, http: { status: 400 } });
}
