/** How the plugin names custom fields and custom objects in mappings and sync objects. */

/** Prefix of custom-field keys: `field:<id>`. */
export const CUSTOM_FIELD_PREFIX = 'field:';

/** Prefix of custom-object keys: `customObject:<schemaId>`. */
export const CUSTOM_OBJECT_PREFIX = 'customObject:';

/** The field id in a `field:<id>` key, or undefined for a standard field (`email`, `accountUrl`, …). */
export function customFieldId(key: string): string | undefined {
  return key.startsWith(CUSTOM_FIELD_PREFIX) ? key.slice(CUSTOM_FIELD_PREFIX.length) : undefined;
}
