import { randomBytes } from 'node:crypto';
import type { ModelQuery, PluginContext, Row, SourcePlugin } from '../../../src/plugins/contract';
import { conformanceContext } from '../conformance-context';
import type { FixtureColumn, SourceFixture } from '../source-fixture';

/** What every part of the source suite shares: the fixture, the config setUp gave, and fresh names for this run. */
export class SourceSuite {
  readonly plugin: SourcePlugin;
  /** In every table name this run creates, so runs against a shared server never collide. */
  readonly unique = randomBytes(4).toString('hex');
  readonly timeoutMs: number;
  private goodConfig: Record<string, unknown> | null = null;
  private readonly created = new Map<string, Promise<ModelQuery>>();

  constructor(readonly fixture: SourceFixture<any>) {
    this.plugin = fixture.plugin;
    this.timeoutMs = fixture.timeoutMs ?? 60_000;
  }

  async setUp(): Promise<void> {
    this.goodConfig = await this.fixture.setUp();
  }

  /** The working config from setUp. */
  get config(): Record<string, unknown> {
    if (!this.goodConfig) throw new Error('the fixture is not set up: its setUp() failed or has not run');
    return this.goodConfig;
  }

  context(signal?: AbortSignal): PluginContext {
    return conformanceContext(signal, this.fixture.http);
  }

  /** `ferry_conformance_<unique>_<what>`: lowercase letters, digits and underscores, valid in every source. */
  tableName(what: string): string {
    return `ferry_conformance_${this.unique}_${what}`;
  }

  /** Creates the table once per run, whichever test needs it first. */
  table(name: string, columns: FixtureColumn[], rows: unknown[][]): Promise<ModelQuery> {
    let query = this.created.get(name);
    if (!query) {
      query = this.fixture.createTable(name, columns, rows);
      this.created.set(name, query);
    }
    return query;
  }

  read(query: ModelQuery, batchSize: number, signal?: AbortSignal): AsyncIterable<Row[]> {
    return this.plugin.read(this.config, query, { batchSize }, this.context(signal));
  }

  async readAll(query: ModelQuery, batchSize = 100): Promise<Row[][]> {
    const batches: Row[][] = [];
    for await (const batch of this.read(query, batchSize)) batches.push(batch);
    return batches;
  }
}

/** Rows ordered by their `id` column: a source need not keep insertion order. */
export function byId(rows: Row[]): Row[] {
  return [...rows].sort((a, b) => Number(a.id) - Number(b.id));
}
