import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Client } from 'pg';
import type { Logger } from '../plugins/contract';

/** A worker process's id, stored as `sync_runs.worker_id`: host, pid and a random part (pids are reused). */
export function newWorkerId(): string {
  return `${hostname().slice(0, 24)}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/** The `application_name` of a worker's presence connection (PostgreSQL keeps 63 bytes of it). */
export function presenceName(workerId: string): string {
  return `ferry-worker:${workerId}`.slice(0, 63);
}

/**
 * One idle connection per worker process, named after the worker. PostgreSQL drops it the moment the process
 * dies (the OS closes the socket, even on kill -9), so any process can tell a dead worker's runs from a live
 * one's through `pg_stat_activity`, without waiting for its heartbeat to grow old. Reconnects when lost.
 */
export class WorkerPresence {
  private client: Client | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;

  constructor(private readonly databaseUrl: string, readonly workerId: string, private readonly logger: Logger) {}

  async start(): Promise<void> {
    const client = new Client({ connectionString: this.databaseUrl, application_name: presenceName(this.workerId) });
    client.on('error', (error) => this.reconnect(error));
    client.on('end', () => this.reconnect(new Error('connection ended')));
    await client.connect();
    this.client = client;
  }

  private reconnect(error: Error): void {
    if (this.stopped || this.retry) return;
    this.client = null;
    this.logger.warn('worker presence connection lost; reconnecting', { error: error.message });
    this.retry = setTimeout(() => {
      this.retry = null;
      this.start().catch((failure: Error) => this.reconnect(failure));
    }, 1_000);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}
