import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import type { Config } from './config';
import { openDatabase } from './database/data-source';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './database/embedded-postgres';
import { startEngine } from './engine/start-engine';
import type { Ferry } from './ferry';
import { createLogger } from './logger';
import { builtinPlugins } from './plugins/builtin';
import type { Plugin } from './plugins/contract';
import { PluginRegistry } from './plugins/registry';
import { hasNoTokens } from './schema/auth';
import { ferrySchema } from './schema/build-schema';
import { RunEvents } from './events/run-events';
import { bindLegacySecrets, checkSecretKey } from './secrets/key-check';
import { loadSecretBox } from './secrets/load-secret-box';
import { allowPrivateDestinationAddresses } from './engine/http/outbound-guard';
import { TokenEvents } from './events/token-events';
import { TokenCache } from './schema/token-cache';
import { startHttpServer } from './server/http-server';
import { enginePool } from './engine/engine-pool';
import { FerryMetrics } from './metrics/ferry-metrics';
import { startMetricsServer } from './metrics/metrics-server';

export interface RunningFerry {
  ferry: Ferry;
  /** The GraphQL endpoint, when this process serves the API. */
  url: string | null;
  /** The token-free metrics endpoint, when FERRY_METRICS_ADDRESS is set. */
  metricsUrl: string | null;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Plugins in place of the built-in ones (tests). */
  plugins?: Plugin[];
}

async function connectDatabase(config: Config, log: (message: string) => void): Promise<{ url: string; embedded: EmbeddedDatabase | null }> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, embedded: null };
  const embedded = await startEmbeddedPostgres({ dataDir: config.FERRY_DATA_DIR, logger: log });
  return { url: embedded.url, embedded };
}

/** Start-up in order: database → plugins → engine and scheduler → HTTP + WebSocket. */
export async function startFerry(config: Config, options: StartOptions = {}): Promise<RunningFerry> {
  const logger = createLogger(config.FERRY_LOG_LEVEL);
  const registry = PluginRegistry.withPackages(options.plugins ?? builtinPlugins, config.FERRY_PLUGINS);
  const secrets = loadSecretBox(config);
  allowPrivateDestinationAddresses(config.FERRY_ALLOW_PRIVATE_DESTINATIONS);
  const { url, embedded } = await connectDatabase(config, (message) => logger.debug(message.trim(), { component: 'postgres' }));
  const stops: Array<() => Promise<void>> = embedded ? [() => embedded.stop()] : [];
  let beginShutdown = () => {};
  let stopped: Promise<void> | null = null;
  const stopAll = () => {
    // No run starts from the first moment of a stop, while the API closes.
    beginShutdown();
    stopped ??= (async () => {
      for (const stop of [...stops].reverse()) await stop().catch((error: Error) => logger.error('stop failed', { error: error.message }));
    })();
    return stopped;
  };
  try {
    const db: DataSource = await openDatabase(url);
    stops.push(() => db.destroy());
    await checkSecretKey(db, secrets, config.FERRY_ACCEPT_NEW_SECRET_KEY, logger);
    const rebound = await bindLegacySecrets(db, secrets);
    if (rebound) logger.info('stored secrets bound to their rows', { rewritten: rebound });
    const runEvents = new RunEvents(url, logger.child('events'));
    if (config.FERRY_ROLE !== 'worker') {
      await runEvents.start();
    }
    stops.push(() => runEvents.close());
    const tokens = new TokenCache(db, logger.child('tokens'));
    const tokenEvents = new TokenEvents(url, logger.child('tokens'));
    tokenEvents.onRevoked((tokenId) => tokens.forget(tokenId));
    if (config.FERRY_ROLE !== 'worker') {
      await tokenEvents.start();
      stops.push(() => tokenEvents.close());
    }
    const metrics = new FerryMetrics({ role: config.FERRY_ROLE, pool: enginePool(db), logger: logger.child('metrics') });
    const base = { config, db, registry, secrets, logger, runEvents, tokens, tokenEvents, metrics };
    const engine = await startEngine(base, url);
    beginShutdown = () => engine.beginShutdown();
    stops.push(() => engine.stop());
    const ferry: Ferry = {
      ...base,
      runner: engine.runner,
      scheduler: engine.scheduler,
      destinationHttp: engine.destinationHttp,
      sourceHttp: engine.sourceHttp,
    };

    let apiUrl: string | null = null;
    if (config.FERRY_ROLE !== 'worker') {
      const server = await startHttpServer(
        ferry,
        await ferrySchema(),
        {
          database: () =>
            db.query('SELECT 1').then(
              () => true,
              () => false,
            ),
          scheduler: () => engine.ready(),
        },
        metrics,
      );
      stops.push(() => server.stop());
      apiUrl = server.url;
    }
    let metricsUrl: string | null = null;
    if (config.FERRY_METRICS_ADDRESS) {
      const metricsServer = await startMetricsServer(metrics, config.FERRY_METRICS_ADDRESS, logger.child('metrics'));
      stops.push(() => metricsServer.stop());
      metricsUrl = metricsServer.url;
    }
    if (apiUrl && process.stdout.isTTY && !config.FERRY_API_TOKEN && (await hasNoTokens(db))) {
      process.stdout.write('\nNo API token yet: every request needs one. Make one with `npm run --silent ferry -- token create --name me`.\n\n');
    }
    logger.info('Ferry started', {
      role: config.FERRY_ROLE,
      url: apiUrl,
      metrics: metricsUrl,
      database: embedded ? `embedded, in ${embedded.directory}` : 'DATABASE_URL',
    });
    return { ferry, url: apiUrl, metricsUrl, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
