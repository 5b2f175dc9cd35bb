import { Kind, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext, type ValidationRule } from 'graphql';
import { QueryTooDeepError } from '../errors';

/** Introspection (`__schema`, `__type`) is bounded by the schema itself, and tools send deep introspection queries. */
const introspectionFields = new Set(['__schema', '__type']);

/**
 * Refuses operations nested deeper than `maxDepth` fields. Each fragment's depth is computed once, so the check
 * stays linear in the document's size however fragments are spread.
 */
export function depthLimit(maxDepth: number): ValidationRule {
  return (context: ValidationContext) => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    const fragmentDepths = new Map<string, number>();
    const inProgress = new Set<string>();

    const depthOfSet = (selectionSet: SelectionSetNode): number => {
      let deepest = 0;
      for (const selection of selectionSet.selections) {
        let depth = 0;
        if (selection.kind === Kind.FIELD) {
          if (introspectionFields.has(selection.name.value)) continue;
          depth = selection.selectionSet ? 1 + depthOfSet(selection.selectionSet) : 1;
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          depth = depthOfSet(selection.selectionSet);
        } else {
          depth = depthOfFragment(selection.name.value);
        }
        if (depth > deepest) deepest = depth;
        if (deepest > maxDepth) break;
      }
      return deepest;
    };

    const depthOfFragment = (name: string): number => {
      const known = fragmentDepths.get(name);
      if (known !== undefined) return known;
      const fragment = fragments.get(name);
      // Unknown or cyclic fragments are reported by graphql's own rules.
      if (!fragment || inProgress.has(name)) return 0;
      inProgress.add(name);
      const depth = depthOfSet(fragment.selectionSet);
      inProgress.delete(name);
      fragmentDepths.set(name, depth);
      return depth;
    };

    return {
      OperationDefinition(operation) {
        const depth = depthOfSet(operation.selectionSet);
        if (depth > maxDepth) context.reportError(new QueryTooDeepError(maxDepth, operation));
      },
    };
  };
}
