import { parse, validate, type DocumentNode, type GraphQLError, type GraphQLSchema, type ValidationRule } from 'graphql';
import type { Config } from '../config';
import { QueryTooComplexError } from '../errors';
import { costLimit } from '../schema/cost-limit';
import { nulByteRefusal } from './nul-bytes';

type LimitSettings = Pick<Config, 'FERRY_MAX_ALIASES' | 'FERRY_MAX_FIELDS' | 'FERRY_MAX_COST' | 'FERRY_MAX_TOKENS'>;

/** The cost rule with Ferry's settings. */
export function costRule(config: LimitSettings): ValidationRule {
  return costLimit({ maxAliases: config.FERRY_MAX_ALIASES, maxFields: config.FERRY_MAX_FIELDS, maxCost: config.FERRY_MAX_COST });
}

/**
 * The cheap checks, run on their own before graphql's validation (some of whose rules grow with the square of the
 * fields: 23,000 aliases took seconds there): too many tokens, aliases, fields or too much cost. Returns the refusal,
 * or null to let the request through (a syntax error is left for the GraphQL server to report).
 */
export function costlyOperation(schema: GraphQLSchema, query: string, config: LimitSettings, variables?: unknown): GraphQLError | null {
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens: config.FERRY_MAX_TOKENS });
  } catch (error) {
    // graphql 16 says "more that N tokens".
    if (/more tha[nt] \d+ tokens/.test((error as Error).message)) {
      return new QueryTooComplexError(
        `Operation has more than ${config.FERRY_MAX_TOKENS} tokens (FERRY_MAX_TOKENS); split it into smaller operations`,
        'FERRY_MAX_TOKENS',
      );
    }
    return null;
  }
  return nulByteRefusal(variables, document) ?? validate(schema, document, [costRule(config)])[0] ?? null;
}

/** The same checks on a document already parsed (graphql-ws parses it). */
export function costlyDocument(schema: GraphQLSchema, document: DocumentNode, config: LimitSettings): readonly GraphQLError[] {
  const nul = nulByteRefusal(undefined, document);
  return nul ? [nul] : validate(schema, document, [costRule(config)]);
}
