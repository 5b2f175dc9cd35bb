import type { Connection } from 'mysql2';
import type { PluginContext } from '../../contract';
import type { MysqlConfig } from './config';
import { connect, dropConnection, query } from './connect';
import { killQuery } from './kill-query';
import { serverFlavour, statementTimeLimit, type ServerFlavour } from './server-flavour';

/** How long the server waits on a blocked write to Ferry before it gives up the read (seconds): see `begin`. */
export const netWriteTimeoutSeconds = 3600;

/**
 * One connection serving one plugin call, tied to `ctx.signal`: on abort, a statement in flight is killed on the
 * server (`KILL QUERY` from a second connection, so it stops working, not only us waiting) and the connection is
 * dropped; an idle connection is closed at once.
 */
export class Session {
  private running = false;
  private streamOpen = false;
  private closing: Promise<void> | null = null;
  /**
   * The steps in flight, failed when the connection is dropped: mysql2 leaves a command it was running unsettled
   * when we close it. (One listener per step, removed after it: racing every step against one long-lived promise
   * would keep each step's result, a batch of rows, reachable until the session ends.)
   */
  private readonly dropListeners = new Set<(error: Error) => void>();
  flavour: ServerFlavour = 'mysql';

  private constructor(
    readonly connection: Connection,
    private readonly config: MysqlConfig,
    private readonly ctx: Pick<PluginContext, 'signal' | 'logger'>,
  ) {
    ctx.signal.addEventListener('abort', this.onAbort, { once: true });
  }

  /** Connects; throws ConnectionError (or the abort reason). */
  static async open(config: MysqlConfig, ctx: Pick<PluginContext, 'signal' | 'logger'>): Promise<Session> {
    return new Session(await connect(config, ctx), config, ctx);
  }

  get threadId(): number {
    return this.connection.threadId;
  }

  /**
   * Runs one step on the connection. Throws the abort reason if `ctx.signal` aborted before or during the
   * step, otherwise `failure(cause)` when the step fails. While it runs, a close kills the statement first.
   */
  async run<T>(step: (connection: Connection) => Promise<T>, failure: (cause: unknown) => Error): Promise<T> {
    this.ctx.signal.throwIfAborted();
    this.running = true;
    try {
      const value = await this.untilDropped(step(this.connection));
      this.ctx.signal.throwIfAborted();
      return value;
    } catch (cause) {
      this.ctx.signal.throwIfAborted();
      throw failure(cause);
    } finally {
      this.running = false;
    }
  }

  private async untilDropped<T>(step: Promise<T>): Promise<T> {
    let fail!: (error: Error) => void;
    const dropped = new Promise<never>((_, reject) => {
      fail = reject;
    });
    this.dropListeners.add(fail);
    try {
      return await Promise.race([step, dropped]);
    } finally {
      this.dropListeners.delete(fail);
    }
  }

  /** Marks a statement whose rows are still streaming between steps (paused while the consumer holds a batch). */
  streaming(open: boolean): void {
    this.streamOpen = open;
  }

  /**
   * Sets the session up for reading, then starts the READ ONLY transaction every model query runs in:
   * - time_zone UTC, so TIMESTAMP values (stored in UTC) come back as UTC text and become exact Dates;
   * - net_write_timeout raised to an hour: rows stream while the engine writes the previous batch, and the
   *   server would otherwise drop the read after 60 s of a slow destination not taking rows;
   * - with `statementLimit`, the server's own time limit per statement (MariaDB and MySQL name it differently).
   *   Reads leave it off: one streaming SELECT lasts the whole sync; `read` bounds each batch instead.
   */
  async begin(failure: (cause: unknown) => Error, { statementLimit }: { statementLimit: boolean }): Promise<void> {
    await this.run(async (connection) => {
      const [about] = await query<Array<{ version: string }>>(connection, 'SELECT VERSION() AS version');
      this.flavour = serverFlavour(about.version);
      const settings = [`time_zone = '+00:00'`, `net_write_timeout = ${netWriteTimeoutSeconds}`];
      if (statementLimit) settings.push(statementTimeLimit(this.flavour, this.config.statementTimeoutSeconds));
      await query(connection, `SET SESSION ${settings.join(', ')}`);
      await query(connection, 'START TRANSACTION READ ONLY');
    }, failure);
  }

  /** Kills the statement in flight on the server; resolves once the KILL was sent (or failed, which is logged). */
  async killStatement(): Promise<void> {
    try {
      await killQuery(this.config, this.threadId, this.ctx);
    } catch (error) {
      this.ctx.logger.warn('mysql: could not kill the running query; dropping its connection', { message: (error as Error).message });
    }
  }

  /**
   * Closes the connection (which also ends any open transaction); safe to call more than once. A statement
   * still in flight is killed on the server first, so it does not run on after Ferry has gone.
   */
  close(): Promise<void> {
    this.ctx.signal.removeEventListener('abort', this.onAbort);
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    if (this.running || this.streamOpen) {
      await this.killStatement();
      dropConnection(this.connection);
      const dropped = new Error('the connection was closed while a statement was running');
      for (const fail of this.dropListeners) fail(dropped);
      return;
    }
    await new Promise<void>((resolve) => {
      try {
        this.connection.end(() => resolve());
      } catch {
        resolve();
      }
    });
    dropConnection(this.connection);
  }

  private readonly onAbort = (): void => {
    void this.close();
  };
}
