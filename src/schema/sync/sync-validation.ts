import { BadUserInputError } from '../../errors';
import { FieldMapping, type Model, SyncBehavior, SyncKey } from '../../entities';
import type { DestinationObject } from '../../plugins/contract';

export interface SyncShape {
  object: string;
  behavior: SyncBehavior;
  syncKey: { column: string; field: string };
  mappings: Array<{ from?: string | null; constant?: string | null; to: string }>;
}

function refuse(path: string, message: string): never {
  throw new BadUserInputError(`${path}: ${message}`, path);
}

function list(values: string[]): string {
  return values.map((v) => `"${v}"`).join(', ') || '(none)';
}

/**
 * What can be checked of a sync's key and mappings with the model alone, without asking the destination: each
 * problem is handed to `problem` (all of them, not the first only).
 */
export function checkAgainstModel(shape: Pick<SyncShape, 'syncKey' | 'mappings'>, model: Model, problem: (error: BadUserInputError) => void): void {
  const columns = model.columns.map((c) => c.name);
  const add = (path: string, message: string) => problem(new BadUserInputError(`${path}: ${message}`, path));
  if (!columns.includes(shape.syncKey.column))
    add('input.syncKey.column', `model "${model.name}" has no column "${shape.syncKey.column}"; its columns are ${list(columns)}`);
  shape.mappings.forEach((mapping, index) => {
    const path = `input.mappings[${index}]`;
    const hasFrom = mapping.from !== null && mapping.from !== undefined && mapping.from !== '';
    const hasConstant = mapping.constant !== null && mapping.constant !== undefined;
    if (hasFrom === hasConstant) add(path, 'give exactly one of "from" (a model column) or "constant" (a fixed value)');
    else if (hasFrom && !columns.includes(mapping.from!))
      add(`${path}.from`, `model "${model.name}" has no column "${mapping.from}"; its columns are ${list(columns)}`);
  });
}

/** Checks a sync's object, behavior, key and mappings against the model's columns and the destination's objects. */
export function validateSyncShape(shape: SyncShape, model: Model, objects: DestinationObject[]): { syncKey: SyncKey; mappings: FieldMapping[] } {
  checkAgainstModel(shape, model, (error) => {
    throw error;
  });
  const object = objects.find((o) => o.key === shape.object);
  if (!object) refuse('input.object', `"${shape.object}" is not an object of this destination; choose one of ${list(objects.map((o) => o.key))}`);
  if (!object.behaviors.includes(shape.behavior)) {
    refuse('input.behavior', `${shape.behavior} is not supported for ${object.label}; supported: ${object.behaviors.join(', ')}`);
  }
  if (!object.identifiers.includes(shape.syncKey.field)) {
    refuse('input.syncKey.field', `"${shape.syncKey.field}" cannot identify ${object.label} records; use one of ${list(object.identifiers)}`);
  }
  const fields = new Map(object.fields.map((f) => [f.key, f]));
  const written = new Set<string>([shape.syncKey.field]);
  const mappings = shape.mappings.map((mapping, index) => {
    const path = `input.mappings[${index}]`;
    const hasFrom = mapping.from !== null && mapping.from !== undefined && mapping.from !== '';
    const hasConstant = mapping.constant !== null && mapping.constant !== undefined;
    if (!fields.has(mapping.to)) refuse(`${path}.to`, `${object.label} has no field "${mapping.to}"; its fields are ${list([...fields.keys()])}`);
    if (mapping.to === shape.syncKey.field) refuse(`${path}.to`, `"${mapping.to}" is the sync key field; it is written from syncKey.column`);
    if (written.has(mapping.to)) refuse(`${path}.to`, `"${mapping.to}" is mapped twice; map each field once`);
    written.add(mapping.to);
    return Object.assign(new FieldMapping(), {
      from: hasFrom ? mapping.from! : null,
      constant: hasConstant ? mapping.constant! : null,
      to: mapping.to,
    });
  });
  if (shape.behavior === SyncBehavior.UPDATE_OR_CREATE) {
    const missing = object.fields.filter((f) => f.required && !written.has(f.key)).map((f) => f.key);
    if (missing.length > 0) refuse('input.mappings', `${object.label} requires ${list(missing)} to create records; map them`);
  }
  return { syncKey: Object.assign(new SyncKey(), shape.syncKey), mappings };
}
