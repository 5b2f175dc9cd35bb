import type { ClientBase } from 'pg';
import { loadTypes, loadTypesWithoutCategory, type PgType } from './type-names';
import type { Parser } from './value-parsers';

/**
 * What differs between the servers this folder reads over PostgreSQL's protocol. PostgreSQL itself is the
 * default; Amazon Redshift (forked from PostgreSQL 8.0) differs in cursor syntax, catalog columns, type names
 * and how a statement timeout reports itself.
 */
export interface PgDialect {
  /** The product's name in messages, e.g. "PostgreSQL at db:5432 refused the password". */
  product: string;
  /** The statement that opens the model's cursor, up to and including `FOR `. */
  declareCursor(name: string): string;
  /** Most rows one FETCH may ask for (a batch is then read with several), or null for no limit. */
  maxFetch: number | null;
  /**
   * One statement run right after BEGIN READ ONLY, with the statement timeout in milliseconds as $1: returns the
   * backend's pid (for cancelling) and makes every setting local to the transaction.
   */
  sessionSetup: string;
  /** Looks the result columns' type OIDs up in the catalog. */
  loadTypes(client: ClientBase, oids: number[]): Promise<Map<number, PgType>>;
  /** Types whose value needs parsing, known by name because their OIDs are not fixed across servers. */
  namedParsers: ReadonlyMap<string, Parser>;
  /** True when a query_canceled (57014) that Ferry did not ask for was the statement timeout. */
  isStatementTimeout(message: string): boolean;
}

export const postgresDialect: PgDialect = {
  product: 'PostgreSQL',
  declareCursor: (name) => `DECLARE ${name} NO SCROLL CURSOR FOR `,
  maxFetch: null,
  sessionSetup: `SELECT pg_catalog.pg_backend_pid() AS pid,
                        pg_catalog.set_config('statement_timeout', $1, true),
                        pg_catalog.set_config('DateStyle', 'ISO', true),
                        pg_catalog.set_config('bytea_output', 'hex', true)`,
  loadTypes,
  namedParsers: new Map(),
  isStatementTimeout: (message) => /statement timeout/i.test(message),
};

/** VARBYTE prints as hexadecimal digits (with or without PostgreSQL's `\x`): base64, as every binary value. */
const hexToBase64: Parser = (value) => Buffer.from(value.replace(/^\\x/, ''), 'hex').toString('base64');

/**
 * Amazon Redshift: `DECLARE name CURSOR FOR` only (no NO SCROLL), FETCH of at most 1,000 rows on single-node
 * clusters, pg_type without typcategory (arrays told by typelem and typlen), SUPER (semi-structured data,
 * printed as JSON) → parsed value, VARBYTE → base64. A statement timeout cancels with "Query (…) canceled on
 * user's request" (57014), the same as a cancel, so any cancel Ferry did not ask for is taken as the timeout.
 */
export const redshiftDialect: PgDialect = {
  product: 'Amazon Redshift',
  declareCursor: (name) => `DECLARE ${name} CURSOR FOR `,
  maxFetch: 1000,
  sessionSetup: `SELECT pg_backend_pid() AS pid,
                        set_config('statement_timeout', $1, true),
                        set_config('datestyle', 'ISO, MDY', true)`,
  loadTypes: loadTypesWithoutCategory,
  namedParsers: new Map<string, Parser>([
    ['super', (value) => JSON.parse(value)],
    ['varbyte', hexToBase64],
  ]),
  isStatementTimeout: () => true,
};
