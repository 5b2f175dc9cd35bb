import type { Client } from 'pg';
import type { PluginContext } from '../../contract';
import { cancelBackend } from './cancel-backend';
import type { PostgresConfig } from './config';
import { connect } from './connect';
import { postgresDialect, type PgDialect } from './dialect';
import type { PgType } from './type-names';
import { ValueParsers } from './value-parsers';

/**
 * One connection serving one plugin call, tied to `ctx.signal`: on abort, a statement in flight is cancelled
 * on the server (so it stops working, not only us waiting) and an idle connection is closed at once.
 */
export class Session {
  private busy = false;
  private pid: number | null = null;
  private closing: Promise<void> | null = null;

  private constructor(
    private readonly client: Client,
    private readonly parsers: ValueParsers,
    private readonly config: PostgresConfig,
    private readonly ctx: Pick<PluginContext, 'signal' | 'logger'>,
    readonly dialect: PgDialect,
  ) {
    ctx.signal.addEventListener('abort', this.onAbort, { once: true });
  }

  /** Connects; throws ConnectionError (or the abort reason). */
  static async open(config: PostgresConfig, ctx: Pick<PluginContext, 'signal' | 'logger'>, dialect: PgDialect = postgresDialect): Promise<Session> {
    const parsers = new ValueParsers(dialect.namedParsers);
    const client = await connect(config, ctx, parsers, dialect.product);
    return new Session(client, parsers, config, ctx, dialect);
  }

  /**
   * Runs one step on the connection. Throws the abort reason if `ctx.signal` aborted before or during the
   * step, otherwise `failure(cause)` when the step fails.
   */
  async run<T>(step: (client: Client) => Promise<T>, failure: (cause: unknown) => Error): Promise<T> {
    this.ctx.signal.throwIfAborted();
    this.busy = true;
    try {
      const value = await step(this.client);
      this.ctx.signal.throwIfAborted();
      return value;
    } catch (cause) {
      this.ctx.signal.throwIfAborted();
      throw failure(cause);
    } finally {
      this.busy = false;
    }
  }

  /**
   * Starts the READ ONLY transaction every model query runs in, with the statement timeout, and the output
   * formats the value parsers expect (ISO dates, hex bytea), all SET LOCAL so they end with the transaction.
   */
  async beginReadOnly(failure: (cause: unknown) => Error): Promise<void> {
    const timeoutMs = Math.round(this.config.statementTimeoutSeconds * 1000);
    const { rows } = await this.run(async (client) => {
      await client.query('BEGIN READ ONLY');
      return client.query<{ pid: number }>(this.dialect.sessionSetup, [String(timeoutMs)]);
    }, failure);
    this.pid = rows[0].pid;
  }

  /** Looks the type OIDs up in pg_type, and teaches this connection's parsers the array types among them. */
  async learnTypes(oids: number[], failure: (cause: unknown) => Error): Promise<Map<number, PgType>> {
    const types = await this.run((client) => this.dialect.loadTypes(client, oids), failure);
    this.parsers.learn(types.values());
    return types;
  }

  /** Closes the connection (which also ends any open transaction); safe to call more than once. */
  close(): Promise<void> {
    this.ctx.signal.removeEventListener('abort', this.onAbort);
    // With a statement still in flight, pg drops the socket instead of waiting for it.
    this.closing ??= this.client.end().catch(() => undefined);
    return this.closing;
  }

  private readonly onAbort = (): void => {
    if (!this.busy || this.pid === null) {
      void this.close();
      return;
    }
    cancelBackend(this.config, this.pid).catch((error: unknown) => {
      this.ctx.logger.warn('postgres: could not cancel the running query; dropping its connection', { message: (error as Error).message });
      void this.close();
    });
  };
}
