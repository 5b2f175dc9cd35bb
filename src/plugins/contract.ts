/**
 * The plugin contract: the only Ferry module a plugin imports.
 *
 * A plugin is a plain object. The engine owns the loop, retries, rate limits and storage; a plugin only
 * talks to its warehouse or SaaS tool. Config is one zod object schema: it validates input, gives the
 * TypeScript type, and becomes the JSON Schema that `Plugin.configSchema` exposes. Mark a secret with
 * `.meta({ writeOnly: true })`: Ferry then stores it encrypted and the API returns it as null.
 */
import type { Dispatcher } from 'undici';
import type { z } from 'zod';

export { ConnectionError, PluginConfigError, DestinationError } from '../errors';
export { isLoopbackHost, insecureUrlReason } from './sdk/loopback';
export { ADDRESS_REFUSED_CODE } from './sdk/address-code';
export { RESPONSE_TOO_LARGE_CODE, maxResponseBytes, responseCap } from './sdk/response-size';
export { ferryRefusal } from './sdk/refusals';
export { describeUndocumentedBody } from './sdk/undocumented-body';
export { guardedSourceSocket, connectGuardedSource, refuseSourceHost } from './sdk/guarded-socket';
export { useSourceResolver } from './sdk/address-rules';
export { sourceAgent } from './sdk/source-agent';
export { quoteSqlIdentifier, selectTableSql, modelStatement, type IdentifierQuotes } from './sdk/sql-text';

export type PluginKindName = 'source' | 'destination';
export type ConfigSchema = z.ZodObject<z.ZodRawShape>;

export interface Logger {
  debug(message: string, meta?: Record<string, unknown>): void;
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}

/** What Ferry hands every plugin call. */
export interface PluginContext {
  logger: Logger;
  /** Aborted when the run is cancelled or the process shuts down: stop promptly and throw. */
  signal: AbortSignal;
  /**
   * undici dispatcher to pass as `dispatcher` on every request. For destinations the engine composes in
   * its rate limit (keyed by `limits().key`) and retry policy, so plugins make plain requests.
   */
  http: Dispatcher;
  /**
   * Scratch space that lives for one run (one write session): a plugin caches lookups here,
   * e.g. the account name → id map. Empty at the start of each run.
   */
  session: Map<string, unknown>;
}

export interface PluginBase<C extends ConfigSchema = ConfigSchema> {
  /** Stable id used as Source.type / Destination.type, e.g. `postgres`. Lowercase, digits and dashes. */
  id: string;
  kind: PluginKindName;
  /** Human name, e.g. PostgreSQL. */
  name: string;
  version: string;
  /** Validation, TypeScript type and JSON Schema of the connection config. */
  config: C;
  /**
   * The config fields that say where the secrets are sent (a URL, a host and port, a user, TLS settings). A change
   * to any of them is refused unless the same update gives every secret again, so a stored secret can never be
   * redirected to another server. Leave it out and every non-secret field binds the secrets (the safe default);
   * give `[]` only when the secrets go to one fixed place whatever the config says.
   */
  secretBindings?: readonly string[];
}

export interface Column {
  name: string;
  /** The source's own type name, e.g. text, int4, timestamptz, _text. */
  type: string;
}

/**
 * One row, keyed by column name. Every source gives values in these forms, so mappings and destinations see the
 * same thing whatever the warehouse:
 * - NULL → null; boolean → boolean; integers up to 32 bits and floating point → number;
 * - 64-bit integers, decimal/numeric and money → string (no precision lost);
 * - date → 'YYYY-MM-DD'; time → 'HH:MM:SS[.ffffff]';
 * - timestamp without time zone → 'YYYY-MM-DDTHH:MM:SS[.ffffff]' (no zone, never shifted);
 * - timestamp with time zone → Date; where each value keeps its own offset (SQL Server's datetimeoffset), the ISO 8601
 *   text at that offset instead, 'YYYY-MM-DDTHH:MM:SS[.fffffff]±HH:MM', so the offset is not lost;
 * - JSON, objects, structs → parsed values; arrays → arrays (of values in these same forms);
 * - binary → base64 string; anything else (uuid, interval, enums, …) → the source's own text.
 */
export type Row = Record<string, unknown>;

/** A table a source offers for a table model: a database table or view, a sheet's tab, a search index. */
export interface SourceTable {
  /** Schema, dataset or database, where the source has one; null otherwise. */
  schema: string | null;
  name: string;
}

/**
 * What a model reads: its SQL, or a whole table. For a table the plugin quotes the identifiers itself (or
 * names the table in its API's own way): a table name is never pasted into SQL.
 */
export type ModelQuery = { kind: 'sql'; sql: string } | { kind: 'table'; table: SourceTable };

export interface TablesOptions {
  /** Case-insensitive part of the name (or schema-qualified name) to look for; absent for all. */
  search?: string;
  /** Most tables to return. */
  first: number;
}

export interface ReadOptions {
  /** Rows per yielded batch. */
  batchSize: number;
}

/**
 * A source API's request budget, e.g. Google Sheets' 60 reads a minute per user: never more than `requests` in any
 * `perMs` window, shared by every run, preview and worker that reads with the same `key`.
 */
export interface SourceLimits extends RequestBudget {
  /** Identity of whoever the quota counts, e.g. the service account's email. */
  key: string;
}

export interface SourcePlugin<C extends ConfigSchema = ConfigSchema> extends PluginBase<C> {
  kind: 'source';
  /**
   * The source API's request budget, when it has one. The engine then composes it (and its retry policy) into
   * `ctx.http` for every call of the plugin, as it does for destinations: the plugin makes plain requests. Leave it
   * out for sources without a request quota.
   */
  limits?(config: z.infer<C>): SourceLimits;
  /** Resolves when the source is reachable with this config; throws ConnectionError with an actionable message. */
  test(config: z.infer<C>, ctx: PluginContext): Promise<void>;
  /** Columns the query returns, without reading its rows. Throws PluginConfigError with the database's message when the SQL fails. */
  columns(config: z.infer<C>, query: ModelQuery, ctx: PluginContext): Promise<Column[]>;
  /**
   * Streams the rows of the query in batches from a server-side cursor or the API's pages (never
   * LIMIT/OFFSET), honouring `ctx.signal`. Values keep their structure: arrays stay arrays, json stays
   * objects, bigint and numeric come as strings so no precision is lost.
   */
  read(config: z.infer<C>, query: ModelQuery, options: ReadOptions, ctx: PluginContext): AsyncIterable<Row[]>;
  /**
   * A cheap guess of how many rows the query returns (the planner's estimate, a table's statistics, an API's
   * total), used only for progress and the time left; never count the rows. Leave it out, or answer null, when
   * the source has nothing cheap to tell.
   */
  estimateRows?(config: z.infer<C>, query: ModelQuery, ctx: PluginContext): Promise<number | null>;
  /** Tables the source offers for table models, discovered live. Leave it out when the source has none. */
  tables?(config: z.infer<C>, options: TablesOptions, ctx: PluginContext): Promise<SourceTable[]>;
  /**
   * The statement a table model runs, with its identifiers quoted (shown as Model.sql). Leave it out when the
   * source has no SQL: Model.sql is then empty for table models.
   */
  tableSql?(table: SourceTable): string;
}

export type SyncBehaviorName = 'UPDATE_OR_CREATE' | 'UPDATE_ONLY';

export interface DestinationField {
  /** Key used in mappings, e.g. email, firstName, lists, field:12. */
  key: string;
  label: string;
  /** The destination's own type, e.g. text, date, datetime, dropdown, listIds. */
  type: string;
  required: boolean;
  /** True when this field can serve as the sync key. */
  identifier: boolean;
  /** True when the field takes an array value. */
  array: boolean;
}

export interface DestinationObject {
  /** e.g. contact, account, customObject:<schemaId>. */
  key: string;
  label: string;
  identifiers: string[];
  behaviors: SyncBehaviorName[];
  fields: DestinationField[];
}

/** A budget of requests over a sliding window. */
export interface RequestBudget {
  requests: number;
  perMs: number;
}

export interface DestinationLimits {
  /** Identity of the account: every run and worker writing with the same key shares one budget. */
  key: string;
  /** Budget for every request to the account. */
  requestsPerSecond: number;
  /** Most records in one write() call. */
  maxBatchSize: number;
  /** How many write() calls of one run may be in flight at once (default 1). */
  concurrency?: number;
  /** Extra budgets for some endpoints, on top of the account's, e.g. a bulk importer's per-minute limit. */
  routes?: Array<{ method?: string; pathPrefix: string } & RequestBudget>;
}

/** One mapped record: `key` is the sync key's value, `fields` are keyed by DestinationField.key. */
export interface DestinationRecord {
  key: string;
  fields: Record<string, unknown>;
}

export type RecordResult =
  { key: string; status: 'created' | 'updated'; externalId?: string } | { key: string; status: 'rejected'; reason: string; retryable: boolean };

export interface WriteRequest {
  object: string;
  behavior: SyncBehaviorName;
  records: DestinationRecord[];
}

export type CoerceResult = { ok: true; value: unknown } | { ok: false; reason: string };

export interface DestinationPlugin<C extends ConfigSchema = ConfigSchema> extends PluginBase<C> {
  kind: 'destination';
  limits(config: z.infer<C>): DestinationLimits;
  /** Resolves when the credentials work; throws ConnectionError with an actionable message. */
  test(config: z.infer<C>, ctx: PluginContext): Promise<void>;
  /** Objects discovered live, custom fields and custom objects included. */
  objects(config: z.infer<C>, ctx: PluginContext): Promise<DestinationObject[]>;
  /**
   * Turns a model value into what the destination expects for `field` (date → YYYY-MM-DD, …).
   * `value` null means "leave the field out"; a reason names the field and the value.
   */
  coerce(field: DestinationField, value: unknown): CoerceResult;
  /**
   * Writes one batch and returns exactly one result per record, matched by key. Throws only when the
   * whole batch failed (bad credentials, outage after the engine's retries): a DestinationError, whose
   * `retryAfterMs` (when the destination said when to try again, and nothing of the batch was written) makes the
   * engine pause the run's writes that long and write the batch again.
   */
  write(config: z.infer<C>, request: WriteRequest, ctx: PluginContext): Promise<RecordResult[]>;
}

export type Plugin = SourcePlugin | DestinationPlugin;
