import type { DataSource } from 'typeorm';
import { LastingConnection } from '../database/lasting-connection';
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
  private readonly closers = new Set<() => void>();
  private readonly connection: LastingConnection;

  constructor(url: string, logger: Logger) {
    this.connection = new LastingConnection({
      url,
      applicationName: 'ferry-listen',
      purpose: 'run notifications',
      logger,
      onConnect: async (client, reconnected) => {
        client.on('notification', (message) => {
          if (message.channel === runChannel && message.payload) for (const listener of this.listeners) listener(message.payload);
        });
        await client.query(`LISTEN ${runChannel}`);
        if (reconnected) for (const listener of this.listeners) listener(anyRunMayHaveChanged);
      },
    });
  }

  start(): Promise<void> {
    return this.connection.start();
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
    for (const close of this.closers) close();
    await this.connection.close();
  }
}
