import type { Column } from '../../contract';
import type { EsClient } from './client';

interface FieldMapping {
  type?: string;
  properties?: Record<string, FieldMapping>;
}

type Mappings = Record<string, { mappings?: { properties?: Record<string, FieldMapping> } }>;

/**
 * The top-level fields of an index (or of every index behind an alias or pattern), with their mapping types: an
 * object field without a type is `object`. Sorted by name, as Elasticsearch returns mappings. Reads no document.
 */
export async function indexColumns(client: EsClient, index: string): Promise<Column[]> {
  const mappings = await client.call<Mappings>('GET', `/${encodeURIComponent(index)}/_mapping`);
  const fields = new Map<string, string>();
  for (const { mappings: mapping } of Object.values(mappings)) {
    for (const [name, field] of Object.entries(mapping?.properties ?? {})) fields.set(name, field.type ?? 'object');
  }
  return [...fields].sort(([a], [b]) => a.localeCompare(b)).map(([name, type]) => ({ name, type }));
}
