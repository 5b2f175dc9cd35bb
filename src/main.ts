import { loadConfig } from './config';
import { FerryError } from './errors';
import { startFerry } from './start-ferry';

async function main(): Promise<void> {
  const config = loadConfig();
  const running = await startFerry(config);
  if (running.url) process.stdout.write(`Ferry is listening at ${running.url}\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    running.ferry.logger.info('stopping', { signal });
    running.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  const message = error instanceof FerryError ? error.message : (error as Error).stack ?? String(error);
  process.stderr.write(`Ferry could not start: ${message}\n`);
  process.exit(1);
});
