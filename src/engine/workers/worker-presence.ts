import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { LastingConnection } from '../../database/lasting-connection';
import type { Logger } from '../../plugins/contract';

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
  private readonly connection: LastingConnection;

  constructor(
    databaseUrl: string,
    readonly workerId: string,
    logger: Logger,
  ) {
    this.connection = new LastingConnection({ url: databaseUrl, applicationName: presenceName(workerId), purpose: 'worker presence', logger });
  }

  start(): Promise<void> {
    return this.connection.start();
  }

  stop(): Promise<void> {
    return this.connection.close();
  }
}
