/** A field of an index mapping; object and nested fields have properties. */
export interface FieldMapping {
  type: string;
  properties?: Record<string, FieldMapping>;
}

export interface FakeIndexInput {
  name: string;
  mappings: Record<string, FieldMapping>;
  /** `_source` documents; long values beyond 2^53 may be given as bigint. */
  docs: Array<Record<string, unknown>>;
  aliases?: string[];
  /** index.hidden: left out of wildcard expressions unless expand_wildcards includes hidden. */
  hidden?: boolean;
  /** A system index (dot-prefixed, e.g. .security-7): hidden, and marked system. */
  system?: boolean;
  /** How long a search on this index takes before it answers (a slow query). */
  latencyMs?: number;
  /** A closed index: its mapping can be read, its documents cannot (index_closed_exception). */
  closed?: boolean;
}

/** An index whose documents are made on demand (the bench's million rows), never stored. */
export interface GeneratedIndexInput {
  name: string;
  mappings: Record<string, FieldMapping>;
  count: number;
  doc(index: number): Record<string, unknown>;
  latencyMs?: number;
}

export interface StoredIndex {
  name: string;
  mappings: Record<string, FieldMapping>;
  count: number;
  doc(index: number): Record<string, unknown>;
  aliases: string[];
  hidden: boolean;
  system: boolean;
  latencyMs: number;
  closed: boolean;
}

/** An Elasticsearch error reply: `{ error: { root_cause, type, reason, … }, status }`. */
export interface EsError {
  status: number;
  body: { error: Record<string, unknown>; status: number };
  headers?: Record<string, string>;
}
