import './check-node-version';
import { loadConfig } from './config';
import { engineStopBudgetMs } from './engine/start-engine';
import { FerryError } from './errors';
import { startFerry, type RunningFerry } from './start-ferry';

/** What a graceful stop may take beyond waiting for runs (HTTP server, connections, the embedded database). */
const STOP_OVERHEAD_MS = 15_000;
/** The same signal again within this time is the same keypress, not a second Ctrl+C. */
const REPEAT_WINDOW_MS = 1_000;

function describe(error: unknown): string {
  if (error instanceof FerryError) return error.message;
  if (error instanceof Error) return error.stack ?? error.message;
  return String(error);
}

async function main(): Promise<void> {
  const config = loadConfig();
  const stopTimeoutMs = engineStopBudgetMs(config) + STOP_OVERHEAD_MS;
  let running: RunningFerry | null = null;
  let stopping: { signal: string; at: number } | null = null;
  const stop = (signal: string) => {
    if (stopping) {
      // Under `npm start` one Ctrl+C arrives twice: from the terminal, and forwarded by npm a moment later.
      if (signal === stopping.signal && Date.now() - stopping.at < REPEAT_WINDOW_MS) return;
      process.stderr.write(`${signal} again: exiting without waiting\n`);
      process.exit(1);
    }
    stopping = { signal, at: Date.now() };
    process.stderr.write(
      `${signal}: stopping; runs in progress finish the batches they started (up to ${config.FERRY_SHUTDOWN_GRACE_SECONDS} s), ` +
        `record where they stand and queue the rest for the next run (${signal} again to exit at once)\n`,
    );
    setTimeout(() => process.exit(1), stopTimeoutMs).unref();
    // Still starting: start-up finishes (a half-initialised database would be worse), then stops below.
    if (!running) return;
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`stop failed: ${describe(error)}\n`);
        process.exit(1);
      },
    );
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => stop(signal));

  running = await startFerry(config);
  if (stopping) {
    await running.stop();
    process.exit(0);
  }
  if (running.url) process.stdout.write(`Ferry is listening at ${running.url}\n`);
  else process.stdout.write(`Ferry worker started (FERRY_ROLE=${config.FERRY_ROLE})\n`);
  if (running.metricsUrl) process.stdout.write(`Metrics at ${running.metricsUrl}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`Ferry could not start: ${describe(error)}\n`);
  process.exit(1);
});
