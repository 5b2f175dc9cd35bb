import type { ItemPath } from './yaml-positions';

/** The file's name for an API input field: `input.mappings[2].to` → `mappings[2].to`, `input.schedule.afterSyncId` → `schedule.afterSync`. */
export function inputPath(field: string): ItemPath {
  const renamed: Record<string, string> = {
    sourceId: 'source',
    modelId: 'model',
    destinationId: 'destination',
    afterSyncId: 'afterSync',
    syncId: 'sync',
  };
  return field
    .replace(/^input\.?/, '')
    .split(/\.|\[(\d+)\]/)
    .filter((part) => part !== undefined && part !== '')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : (renamed[part] ?? part)));
}

/** An API message without the `input.…: ` it starts with, when the file's position already names the field. */
export function withoutField(message: string, field: string | undefined): string {
  return field && message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
}
