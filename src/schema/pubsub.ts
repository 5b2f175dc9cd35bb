import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { Logger } from '../plugins/contract';

/** PostgreSQL channel on which every change of a run is announced with the run's id as payload. */
export const runChannel = 'ferry_runs';

/**
 * Delivered to subscribers after the LISTEN connection came back: notifications sent while it was down are lost,
 * so anything may have changed.
 */
export const anyRunMayHaveChanged = '*';

/** Announces a run change to every API process (any process may call it: API or worker). */
export async function publishRunChange(db: DataSource, runId: string): Promise<void> {
  await db.query('SELECT pg_notify($1, $2)', [runChannel, runId]);
}

type Listener = (runId: string) => void;

/**
 * Feeds subscriptions from PostgreSQL LISTEN on one dedicated connection, so a change made by any process
 * (a worker on another machine included) reaches the subscribers of this one. Reconnects after a lost connection.
 */
export class RunEvents {
  private readonly listeners = new Set<Listener>();
  private client: Client | null = null;
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private connectedBefore = false;
  private readonly closers = new Set<() => void>();

  constructor(private readonly url: string, private readonly logger: Logger) {}

  async start(): Promise<void> {
    const client = new Client({ connectionString: this.url, application_name: 'ferry-listen' });
    client.on('notification', (message) => {
      if (message.channel === runChannel && message.payload) for (const listener of this.listeners) listener(message.payload);
    });
    client.on('error', (error) => this.reconnect(error));
    client.on('end', () => this.reconnect(new Error('connection ended')));
    await client.connect();
    await client.query(`LISTEN ${runChannel}`);
    this.client = client;
    if (this.connectedBefore) for (const listener of this.listeners) listener(anyRunMayHaveChanged);
    this.connectedBefore = true;
  }

  private reconnect(error: Error): void {
    if (this.closed || this.reconnectTimer) return;
    this.logger.warn('run notifications connection lost; reconnecting', { error: error.message });
    this.client = null;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.start().catch((failure: Error) => this.reconnect(failure));
    }, 1000);
  }

  /**
   * Run ids as they change, until the consumer calls return() (graphql-ws does on unsubscribe). A run id already
   * waiting to be read is not queued twice, so a slow consumer holds at most one entry per run.
   */
  changes(): AsyncIterableIterator<string> {
    const pending = new Set<string>();
    let waiting: ((result: IteratorResult<string>) => void) | null = null;
    const finish = (): IteratorResult<string> => {
      this.listeners.delete(listener);
      this.closers.delete(finish);
      const resolve = waiting;
      waiting = null;
      resolve?.({ done: true, value: undefined });
      return { done: true, value: undefined };
    };
    const listener: Listener = (runId) => {
      if (waiting) {
        const resolve = waiting;
        waiting = null;
        resolve({ done: false, value: runId });
      } else pending.add(runId);
    };
    this.listeners.add(listener);
    const iterator: AsyncIterableIterator<string> = {
      next: () => {
        if (!this.listeners.has(listener)) return Promise.resolve({ done: true, value: undefined });
        const [first] = pending;
        if (first !== undefined) {
          pending.delete(first);
          return Promise.resolve({ done: false, value: first });
        }
        return new Promise((resolve) => (waiting = resolve));
      },
      return: () => Promise.resolve(finish()),
      [Symbol.asyncIterator]: () => iterator,
    };
    this.closers.add(finish);
    return iterator;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    for (const close of this.closers) close();
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}
