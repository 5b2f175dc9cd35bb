import { NotImplementedError } from '../errors';
import type { Ferry } from '../ferry';
import type { SyncRunner } from './sync-runner';
import type { SyncScheduler } from './sync-scheduler';

export interface RunningEngine {
  runner: SyncRunner;
  scheduler: SyncScheduler;
  ready(): boolean;
  stop(): Promise<void>;
}

const notYet = () => new NotImplementedError('Running syncs needs the sync engine, which this build does not include yet');

/** Until the engine lands, the API stores syncs but cannot run them. */
export async function startEngine(_ferry: Omit<Ferry, 'runner' | 'scheduler'>, _databaseUrl: string): Promise<RunningEngine> {
  return {
    runner: {
      trigger: async () => { throw notYet(); },
      cancel: async () => { throw notYet(); },
      preview: async () => { throw notYet(); },
    },
    scheduler: { syncChanged: async () => undefined, syncDeleted: async () => undefined, nextRunAt: async () => null },
    ready: () => true,
    stop: async () => undefined,
  };
}
