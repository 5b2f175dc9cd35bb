import { Kind, type FieldNode, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext, type ValidationRule } from 'graphql';
import { QueryTooComplexError } from '../errors';

export interface CostLimits {
  /** Most aliased fields in one operation (FERRY_MAX_ALIASES). */
  maxAliases: number;
  /** Most fields in one operation, fragments expanded (FERRY_MAX_FIELDS). */
  maxFields: number;
  /** Most cost in one operation (FERRY_MAX_COST): each field costs 1, and what is under a paged field counts once per item asked for. */
  maxCost: number;
}

interface Measure {
  fields: number;
  aliases: number;
  cost: number;
}

const none: Measure = { fields: 0, aliases: 0, cost: 0 };
const pageArguments = new Set(['first', 'last', 'limit']);

/** Items a paged field asks for (`first: 50` → 50), when the operation says so literally; 1 otherwise. */
function itemsAskedFor(field: FieldNode): number {
  let items = 1;
  for (const argument of field.arguments ?? []) {
    if (pageArguments.has(argument.name.value) && argument.value.kind === Kind.INT) items = Math.max(items, Number(argument.value.value));
  }
  return items;
}

/**
 * Refuses operations over the cost limits, before anything runs. Each fragment is measured once and its spreads add
 * that measure, so nested fragments that would expand to millions of fields are measured in linear time; a fragment
 * spread again into the same selection set counts once, as graphql executes it once.
 */
export function costLimit(limits: CostLimits): ValidationRule {
  return (context: ValidationContext) => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    const measured = new Map<string, Measure>();
    const inProgress = new Set<string>();

    // As graphql's own field collection does, a fragment spread twice into one selection set is taken once.
    const measureSet = (selectionSet: SelectionSetNode, spread: Set<string> = new Set()): Measure => {
      const total = { ...none };
      for (const selection of selectionSet.selections) {
        let part: Measure;
        if (selection.kind === Kind.FIELD) {
          const below = selection.selectionSet ? measureSet(selection.selectionSet) : none;
          part = {
            fields: 1 + below.fields,
            aliases: (selection.alias ? 1 : 0) + below.aliases,
            cost: 1 + itemsAskedFor(selection) * below.cost,
          };
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          part = measureSet(selection.selectionSet, spread);
        } else {
          if (spread.has(selection.name.value)) continue;
          spread.add(selection.name.value);
          part = measureFragment(selection.name.value);
        }
        total.fields += part.fields;
        total.aliases += part.aliases;
        total.cost += part.cost;
      }
      return total;
    };

    const measureFragment = (name: string): Measure => {
      const known = measured.get(name);
      if (known) return known;
      const fragment = fragments.get(name);
      // Unknown or cyclic fragments are reported by graphql's own rules.
      if (!fragment || inProgress.has(name)) return none;
      inProgress.add(name);
      const measure = measureSet(fragment.selectionSet);
      inProgress.delete(name);
      measured.set(name, measure);
      return measure;
    };

    return {
      OperationDefinition(operation) {
        const { fields, aliases, cost } = measureSet(operation.selectionSet);
        const over = (what: string, count: number, limit: number, variable: string) =>
          context.reportError(
            new QueryTooComplexError(
              `Operation has ${count > 1e15 ? 'more than 10^15' : count} ${what}, more than the ${limit} allowed (${variable}); split it into smaller operations`,
              variable,
              operation,
            ),
          );
        if (aliases > limits.maxAliases) over('aliases', aliases, limits.maxAliases, 'FERRY_MAX_ALIASES');
        if (fields > limits.maxFields) over('fields (fragments expanded)', fields, limits.maxFields, 'FERRY_MAX_FIELDS');
        if (cost > limits.maxCost) over('cost', cost, limits.maxCost, 'FERRY_MAX_COST');
      },
    };
  };
}
