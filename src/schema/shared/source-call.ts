import type { Source } from '../../entities';
import { ConnectionError, type FerryError } from '../../errors';
import type { SourcePlugin } from '../../plugins/contract';
import { classifyPluginError } from '../../plugins/plugin-errors';

/**
 * Runs a source plugin's work for the API with its errors classified: contract errors by their code (whatever copy
 * of the SDK the plugin was built with), and a plain error from a driver as CONNECTION_FAILED naming the source,
 * with the driver's message, rather than an internal error.
 */
export async function sourceCall<T>(source: Pick<Source, 'name'>, plugin: Pick<SourcePlugin, 'name'>, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw classifyPluginError(
      error,
      (message): FerryError => new ConnectionError(`Source "${source.name}" (${plugin.name}) failed: ${message}`, { reason: 'unclassified' }),
    );
  }
}
