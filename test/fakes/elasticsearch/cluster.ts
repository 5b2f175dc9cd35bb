import type { FakeIndexInput, GeneratedIndexInput, StoredIndex } from './types';

const wildcard = (pattern: string) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*')}$`);

/** The fake cluster's indices and aliases. */
export class FakeCluster {
  readonly indices = new Map<string, StoredIndex>();

  add(input: FakeIndexInput): void {
    this.indices.set(input.name, {
      name: input.name,
      mappings: input.mappings,
      count: input.docs.length,
      doc: (i) => input.docs[i],
      aliases: input.aliases ?? [],
      hidden: Boolean(input.hidden || input.system),
      system: Boolean(input.system),
      latencyMs: input.latencyMs ?? 0,
      closed: Boolean(input.closed),
    });
  }

  addGenerated(input: GeneratedIndexInput): void {
    this.indices.set(input.name, { ...input, aliases: [], hidden: false, system: false, closed: false, latencyMs: input.latencyMs ?? 0 });
  }

  /**
   * The indices an SQL FROM name reaches: an index, an alias, or a wildcard pattern (hidden indices only when the
   * pattern itself starts with a dot, as in Elasticsearch).
   */
  resolve(name: string): StoredIndex[] {
    const direct = this.indices.get(name);
    if (direct) return [direct];
    const all = [...this.indices.values()];
    const aliased = all.filter((index) => index.aliases.includes(name));
    if (aliased.length > 0) return aliased;
    if (!name.includes('*')) return [];
    const pattern = wildcard(name);
    return all.filter((index) => pattern.test(index.name) && (!index.hidden || name.startsWith('.')));
  }

  /** GET _resolve/index/<pattern>: indices, aliases and data streams, hidden ones only when asked for. */
  resolveIndex(expression: string, expandWildcards: string[]) {
    const withHidden = expandWildcards.includes('all') || expandWildcards.includes('hidden');
    const patterns = expression.split(',').map(wildcard);
    const withClosed = expandWildcards.includes('all') || expandWildcards.includes('closed');
    const visible = [...this.indices.values()].filter((index) => (withHidden || !index.hidden) && (withClosed || !index.closed));
    const indices = visible.filter((index) => patterns.some((p) => p.test(index.name)));
    const aliasNames = [...new Set(visible.flatMap((index) => index.aliases))].filter((alias) => patterns.some((p) => p.test(alias)));
    return {
      indices: indices
        .map((index) => ({
          name: index.name,
          ...(index.aliases.length ? { aliases: index.aliases } : {}),
          attributes: [index.closed ? 'closed' : 'open', ...(index.hidden ? ['hidden'] : []), ...(index.system ? ['system'] : [])],
        }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      aliases: aliasNames.sort().map((alias) => ({ name: alias, indices: visible.filter((i) => i.aliases.includes(alias)).map((i) => i.name) })),
      data_streams: [],
    };
  }
}
