import type { Dispatcher } from 'undici';
import type { ModelQuery, SourcePlugin, SourceTable } from '../../src/plugins/contract';

/**
 * The portable column types the conformance suite builds tables with. A fixture maps each to its source's own
 * type (bigint → BIGINT / INT64 / long, json → jsonb / JSON / VARIANT / object, …).
 */
export type FixtureColumnType =
  'integer' | 'bigint' | 'numeric' | 'double' | 'text' | 'boolean' | 'date' | 'timestamp' | 'timestamptz' | 'json' | 'text[]';

export interface FixtureColumn {
  name: string;
  type: FixtureColumnType;
}

/**
 * What a source plugin's test file hands the source conformance suite: how to reach a real server or a faithful
 * fake, and how to make the situations the contract speaks of. Values in `rows` are in the contract's forms
 * (see `Row` in the plugin contract): bigint and numeric as strings, dates as 'YYYY-MM-DD', timestamps as
 * 'YYYY-MM-DDTHH:MM:SS[.fff]', timestamptz as Date, json as objects, arrays as arrays.
 */
export interface SourceFixture<C = Record<string, unknown>> {
  plugin: SourcePlugin;
  /** Starts or connects to the server (or fake) and returns a config that works. Called once, before all tests. */
  setUp(): Promise<C>;
  /** Stops what setUp started. */
  tearDown(): Promise<void>;
  /**
   * Configs that `test()` must refuse with ConnectionError, each with what its message must say. Leave out the ones
   * the source has no way to produce (a warehouse with no "database" setting, say) and give the reason in `lacks`:
   * the suite then skips that case, naming the reason.
   */
  badConfigs(good: C): {
    wrongPassword?: { config: C; message: RegExp };
    unknownDatabase?: { config: C; message: RegExp };
    unreachableHost?: { config: C; message: RegExp };
    /** A server that accepts the connection and never answers, with the plugin's connect timeout set short. */
    timeout?: { config: C; message: RegExp };
  };
  /** Creates a table (or index, tab, …) holding `rows` (one array per row, in column order) and returns the query that reads it. */
  createTable(name: string, columns: FixtureColumn[], rows: unknown[][]): Promise<ModelQuery>;
  /** A query whose columns can be described but which fails if a row is ever read, proving columns() reads none. Absent where the source cannot express one. */
  failsWhenExecuted?(): Promise<ModelQuery>;
  /** A query that returns `count` rows of 4 columns (id integer, email text, amount numeric, created date) without storing them, for the memory test. */
  generatedRows(count: number): ModelQuery;
  /** A query that keeps the server busy for at least `seconds` before its first row, for the abort test. */
  slowQuery(seconds: number): ModelQuery;
  /** A query the source refuses as invalid, and what the refusal must say (the database's own message). */
  invalidQuery(): { query: ModelQuery; message: RegExp };
  /** Sessions, cursors or connections the plugin holds open on the server right now, for the leak test (a fake counts its own). */
  openSessions(): Promise<number>;

  // Optional members, added after the first fixtures were written: leaving them out keeps the defaults below.

  /**
   * What the source genuinely lacks, each with the reason, known before setUp: the suite then skips that case with
   * the reason in its name. A bad config or `failsWhenExecuted` left out without a reason here fails its test.
   */
  lacks?: {
    wrongPassword?: string;
    unknownDatabase?: string;
    unreachableHost?: string;
    timeout?: string;
    failsWhenExecuted?: string;
    /** Table names that need quoting (an index name, say, is lowercase letters and digits only). */
    quotedTableNames?: string;
    /**
     * Keeping the table's column order (a search index's mapping lists its fields by name): columns() must still
     * return every column, each with its type, in whatever order the source keeps.
     */
    columnOrder?: string;
    /** Values with a time zone, so none comes as a Date (a spreadsheet cell holds a date or text, never an instant). */
    instants?: string;
    /** JSON values, so none comes as a parsed object. */
    json?: string;
    /** Array values, so none comes as an array. */
    arrays?: string;
  };
  /**
   * How a table model names the table `createTable(name, …)` made (`{ schema: 'public', name }`, say). Needed when
   * createTable returns SQL and the plugin offers table models (tables() or tableSql()).
   */
  table?(name: string): SourceTable;
  /**
   * A table name that needs quoting in this source, containing `unique` (so runs do not collide). Default:
   * `Mixed "Quoted" Name <unique>`: spaces, a double quote and mixed case.
   */
  quotedTableName?(unique: string): string;
  /** The dispatcher the plugin's HTTP requests go through (ctx.http); default a plain undici Agent. */
  http?: Dispatcher;
  /**
   * Where the plugin is exported: an absolute module path (e.g. `require.resolve('…/sources/x')`) and the export's
   * name. With it (and no `http`), the 1,000,000-row memory test reads in a process of its own, so that a fake served
   * by the test process is not counted in the plugin's memory. Give it when the fixture serves a fake in-process.
   */
  pluginModule?: { path: string; exportName: string };
  /** Milliseconds a test that creates tables may take, for slow remote servers (default 60,000). */
  timeoutMs?: number;
}
