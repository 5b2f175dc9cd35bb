import assert from 'node:assert/strict';

/** One scrape, parsed: every sample by its series (`name{label="value",…}`, labels sorted). */
export class Scrape {
  constructor(
    readonly text: string,
    private readonly samples: ReadonlyMap<string, number>,
  ) {}

  /** The sample of `name` with exactly these labels; undefined when the series is absent. */
  value(name: string, labels: Record<string, string> = {}): number | undefined {
    return this.samples.get(seriesKey(name, labels));
  }

  /** Every series of `name`, with their labels. */
  series(name: string): Array<{ labels: Record<string, string>; value: number }> {
    return [...this.samples]
      .filter(([key]) => key === name || key.startsWith(`${name}{`))
      .map(([key, value]) => ({ labels: parseLabels(key.slice(name.length)), value }));
  }

  /** How much the series grew since `earlier` (an absent series counts as 0). */
  gain(earlier: Scrape, name: string, labels: Record<string, string> = {}): number {
    return (this.value(name, labels) ?? 0) - (earlier.value(name, labels) ?? 0);
  }
}

function seriesKey(name: string, labels: Record<string, string>): string {
  const pairs = Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([label, value]) => `${label}="${value}"`);
  return pairs.length ? `${name}{${pairs.join(',')}}` : name;
}

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const match of text.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[match[1]] = match[2];
  return labels;
}

/** Parses the Prometheus text format (0.0.4): comments skipped, each sample keyed by name and sorted labels. */
export function parseMetrics(text: string): Scrape {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?\s+(\S+)(\s+\d+)?$/.exec(line);
    assert.ok(match, `not a Prometheus sample line: ${line}`);
    const key = seriesKey(match[1], parseLabels(match[2] ?? ''));
    assert.ok(!samples.has(key), `series ${key} appears twice`);
    samples.set(key, Number(match[3]));
  }
  return new Scrape(text, samples);
}

/** GET the metrics at `url` (with the API token when given), asserting a 200 in the Prometheus text format. */
export async function scrape(url: string, token?: string): Promise<Scrape> {
  const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await response.text();
  assert.equal(response.status, 200, text);
  assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  return parseMetrics(text);
}

/** The API's /metrics beside its /graphql. */
export const apiMetricsUrl = (graphqlUrl: string): string => new URL('/metrics', graphqlUrl).toString();
