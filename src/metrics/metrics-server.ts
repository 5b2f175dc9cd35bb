import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ListenAddress } from '../config';
import { StartupConfigError } from '../errors';
import type { Logger } from '../plugins/contract';
import { sendMetrics, sendNotFound, type MetricsSource } from './metrics-response';

export interface RunningMetricsServer {
  /** Where the metrics are, e.g. http://127.0.0.1:9464/metrics. */
  url: string;
  stop(): Promise<void>;
}

/**
 * GET /metrics on FERRY_METRICS_ADDRESS, without a token: the address itself is the access control (keep it on a
 * private interface or behind a firewall). The only way to scrape a worker, which serves no API.
 */
export async function startMetricsServer(metrics: MetricsSource, address: ListenAddress, logger: Logger): Promise<RunningMetricsServer> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path !== '/metrics') return sendNotFound(response, path);
    sendMetrics(metrics, request, response).catch((error: Error) => {
      logger.error('could not serve /metrics', { error: error.stack ?? error.message });
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Internal server error\n');
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const where = address.host ? `${address.host}:${address.port}` : `port ${address.port}`;
      if (error.code === 'EADDRINUSE')
        reject(new StartupConfigError(`FERRY_METRICS_ADDRESS: ${where} is already in use: stop the other process or choose another port`));
      else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND')
        reject(
          new StartupConfigError(`FERRY_METRICS_ADDRESS: "${address.host}" is not an address of this machine: use e.g. 127.0.0.1:9464 or :9464`),
        );
      else reject(error);
    });
    server.listen(address.port, address.host, () => resolve());
  });
  const { address: bound, port } = server.address() as AddressInfo;
  const host = bound.includes(':') ? `[${bound}]` : bound;
  return {
    url: `http://${host}:${port}/metrics`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
