import { isObjectType, type GraphQLSchema } from 'graphql';
import { LIST_CONTRACT, type ListContract } from './list-contract.js';

/** A connection field of the schema and the orderings and filters it offers. */
export interface OfferedList {
  field: string;
  contract: ListContract;
}

/** Every connection field's contract, read from the schema a client sees (`extensions.indexedList`). */
export function offeredLists(schema: GraphQLSchema): OfferedList[] {
  return Object.values(schema.getTypeMap())
    .filter(isObjectType)
    .filter((type) => !type.name.startsWith('__'))
    .flatMap((type) =>
      Object.values(type.getFields()).flatMap((field) => {
        const contract = field.extensions[LIST_CONTRACT] as ListContract | undefined;
        return contract ? [{ field: `${type.name}.${field.name}`, contract }] : [];
      }),
    );
}
