import { SyncBehavior, type Model } from '../entities';
import { BadUserInputError } from '../errors';
import type { DestinationObject } from '../plugins/contract';
import { checkAgainstModel, validateSyncShape } from '../schema/sync/sync-validation';
import { FerryApiError, type FerryApi } from './ferry-api';
import type { FerryState } from './ferry-state';
import { inputPath, withoutField } from './input-path';
import { storedMappings, type Plan } from './plan';
import type { DesiredConfig } from './read-config-file';

const reshaping = ['behavior', 'syncKey', 'mappings'];

/**
 * Checks each sync apply would create or reshape with the API's own check (sync-validation), before anything is
 * changed: against its destination's objects, discovered live as createSync does, and its model's columns when the
 * model is not changing too. A sync whose destination is new or changing in the same apply is left to Ferry.
 * Returns each problem as `file:line:column: path: message`.
 */
export async function checkSyncsBeforeApply(api: FerryApi, desired: DesiredConfig, state: FerryState, plan: Plan): Promise<string[]> {
  const lines: string[] = [];
  const settled = (kind: 'destination' | 'model', name: string) => plan.steps.find((s) => s.kind === kind && s.name === name)?.action === 'unchanged';
  const objectsOf = new Map<string, Promise<DestinationObject[]>>();
  const objects = (id: string) => {
    if (!objectsOf.has(id)) {
      objectsOf.set(
        id,
        api
          .request<{ destination: { objects: DestinationObject[] } }>(
            'query ($id: ID!) { destination(id: $id) { objects { key label identifiers behaviors fields { key label type required identifier array } } } }',
            { id },
          )
          .then((answer) => answer.destination.objects),
      );
    }
    return objectsOf.get(id)!;
  };
  for (const step of plan.steps) {
    if (step.kind !== 'sync' || !(step.action === 'create' || (step.action === 'update' && step.changes.some((c) => reshaping.includes(c)))))
      continue;
    const sync = desired.syncs.get(step.name)!;
    if (!settled('destination', sync.destination)) continue;
    const destination = state.destinations.find((d) => d.name === sync.destination)!;
    const storedModel = settled('model', sync.model) ? state.models.find((m) => m.name === sync.model) : undefined;
    const shape = { object: sync.object, behavior: SyncBehavior[sync.behavior], syncKey: sync.syncKey, mappings: storedMappings(sync.mappings) };
    const read = [sync.syncKey.column, ...sync.mappings.flatMap((m) => (m.from ? [m.from] : []))];
    const model = { name: sync.model, columns: storedModel?.columns ?? read.map((name) => ({ name })) } as Model;
    const at = (field: string) => desired.where(['syncs', step.name, ...inputPath(field)]);
    const found: BadUserInputError[] = [];
    checkAgainstModel(shape, model, (error) => found.push(error));
    if (!found.length) {
      try {
        validateSyncShape(shape, model, await objects(destination.id));
      } catch (error) {
        if (error instanceof FerryApiError) {
          lines.push(
            `${at('input.destination')}: Ferry could not read the objects of destination "${sync.destination}" to check this sync: ${error.message}`,
          );
          continue;
        }
        if (!(error instanceof BadUserInputError)) throw error;
        found.push(error);
      }
    }
    for (const error of found) lines.push(`${at(error.field ?? '')}: ${withoutField(error.message, error.field)}`);
  }
  return lines;
}
