import { ConnectionError, FerryError } from '../../errors';
import type { Destination } from '../../entities';
import type { Ferry } from '../../ferry';
import { apiDestinationContext } from '../../engine/plugin-calls/api-context';
import { openDestination } from '../../engine/plugin-calls/open-endpoint';
import type { DestinationObject } from '../../plugins/contract';

/** The destination's objects, discovered live; a failure is CONNECTION_FAILED naming the destination. */
export async function discoverObjects(ferry: Ferry, destination: Destination): Promise<DestinationObject[]> {
  const open = openDestination(ferry, destination);
  const { plugin, config } = open;
  try {
    return await plugin.objects(config, apiDestinationContext(ferry, open));
  } catch (error) {
    if (error instanceof FerryError) throw error;
    throw new ConnectionError(`Could not read the objects of destination "${destination.name}": ${(error as Error).message}`);
  }
}
