import { Kind, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';

/** What the abuse limits measure in a document's text, before it is validated. */
export interface DocumentShape {
  /**
   * The deepest field nesting of any operation, fragments expanded (`{ a { b } }` is 2). Below
   * `__schema` and `__type` nothing counts: the standard introspection query is 15 deep (the
   * explorer sends it), graphql-js' MaxIntrospectionDepthRule bounds its recursion, and production
   * turns introspection off.
   */
  depth: number;
  /** Aliased fields in the largest operation, a fragment's aliases counted once per spread. */
  aliases: number;
  /**
   * The most times one response key (or one fragment spread) appears in a single selection set,
   * inline fragments included: `{ __typename __typename … }` is field duplication.
   */
  fieldRepeats: number;
  /** The most directives on one field, fragment or operation (`@a @a @a …` is directive overloading). */
  directives: number;
}

const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);

interface Subtree {
  depth: number;
  aliases: number;
}

/**
 * Measures every operation and fragment of a parsed (not yet validated) document. Fragments are
 * measured once and reused, so a document that spreads fragments exponentially is still measured
 * in linear time; a fragment cycle (which validation rejects) counts as empty instead of looping.
 */
export function measureShape(document: DocumentNode): DocumentShape {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const measured = new Map<string, Subtree>();
  const shape: DocumentShape = { depth: 0, aliases: 0, fieldRepeats: 0, directives: 0 };

  function countDirectives(node: { directives?: readonly unknown[] }) {
    shape.directives = Math.max(shape.directives, node.directives?.length ?? 0);
  }

  function fragment(name: string): Subtree {
    const known = measured.get(name);
    if (known) return known;
    const definition = fragments.get(name);
    measured.set(name, { depth: 0, aliases: 0 });
    if (!definition) return { depth: 0, aliases: 0 };
    countDirectives(definition);
    const subtree = selectionSet(definition.selectionSet);
    measured.set(name, subtree);
    return subtree;
  }

  /** Counts keys in one selection set, reaching through inline fragments, which merge into it. */
  function countRepeats(set: SelectionSetNode, seen: Map<string, number>) {
    for (const selection of set.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        countRepeats(selection.selectionSet, seen);
        continue;
      }
      const key = selection.kind === Kind.FIELD ? (selection.alias ?? selection.name).value : `...${selection.name.value}`;
      const times = (seen.get(key) ?? 0) + 1;
      seen.set(key, times);
      shape.fieldRepeats = Math.max(shape.fieldRepeats, times);
    }
  }

  function selectionSet(set: SelectionSetNode, repeatsCounted = false): Subtree {
    if (!repeatsCounted) countRepeats(set, new Map());
    let depth = 0;
    let aliases = 0;
    for (const selection of set.selections) {
      countDirectives(selection);
      let inner: Subtree;
      if (selection.kind === Kind.FIELD) {
        const child = selection.selectionSet ? selectionSet(selection.selectionSet) : { depth: 0, aliases: 0 };
        const depth = INTROSPECTION_ROOTS.has(selection.name.value) ? 1 : child.depth + 1;
        inner = { depth, aliases: child.aliases + (selection.alias ? 1 : 0) };
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        inner = selectionSet(selection.selectionSet, true);
      } else {
        inner = fragment(selection.name.value);
      }
      depth = Math.max(depth, inner.depth);
      aliases += inner.aliases;
    }
    return { depth, aliases };
  }

  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) {
      countDirectives(definition);
      const operation = selectionSet(definition.selectionSet);
      shape.depth = Math.max(shape.depth, operation.depth);
      shape.aliases = Math.max(shape.aliases, operation.aliases);
    } else if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      fragment(definition.name.value);
    }
  }
  return shape;
}
