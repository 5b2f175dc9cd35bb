import { ConnectionError } from '../../errors';
import type { Destination } from '../../entities';
import type { Ferry } from '../../ferry';
import { apiDestinationContext } from '../../engine/plugin-calls/api-context';
import { openDestination } from '../../engine/plugin-calls/open-endpoint';
import { cachedObjects } from '../../engine/plugin-calls/objects-cache';
import type { DestinationObject } from '../../plugins/contract';
import { classifyPluginError } from '../../plugins/plugin-errors';

/**
 * The destination's objects, discovered live (`fresh`), or as discovered within the last minute (createSync, whose
 * run may start right after: see cachedObjects); a failure is CONNECTION_FAILED naming the destination.
 */
export async function discoverObjects(ferry: Ferry, destination: Destination, { fresh = false } = {}): Promise<DestinationObject[]> {
  const open = openDestination(ferry, destination);
  const { plugin, config } = open;
  try {
    return await cachedObjects(destination, () => plugin.objects(config, apiDestinationContext(ferry, open)), { fresh });
  } catch (error) {
    throw classifyPluginError(error, (message) => new ConnectionError(`Could not read the objects of destination "${destination.name}": ${message}`));
  }
}
