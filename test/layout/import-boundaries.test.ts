import { describe, expect, test } from '@jest/globals';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { edgesOf, importEdges, pluginLeaks, violations, type ImportRule } from '../helpers/import-graph';

/** The repository root, whether this runs from test/ or from its compiled copy under dist/. */
function repositoryRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'src', 'main.ts'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no repository root above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

const ENTRY = ['src/main.ts', 'src/start-ferry.ts', 'src/cli.ts', 'src/cli'];

/**
 * Imports point down: server → schema → engine → events → database, and server → metrics → engine (the engine
 * reports through its own EngineMetrics interface); the plugin contract imports no host part.
 */
const RULES: ImportRule[] = [
  { from: 'src/schema', notFrom: ['src/server', 'src/metrics', ...ENTRY] },
  { from: 'src/metrics', notFrom: ['src/schema', 'src/server', ...ENTRY] },
  { from: 'src/engine', notFrom: ['src/schema', 'src/server', 'src/metrics', ...ENTRY] },
  { from: 'src/events', notFrom: ['src/engine', 'src/schema', 'src/server', ...ENTRY] },
  { from: 'src/database', notFrom: ['src/events', 'src/engine', 'src/schema', 'src/server', ...ENTRY] },
  { from: 'src/plugins', notFrom: ['src/database', 'src/entities', 'src/events', 'src/engine', 'src/schema', 'src/server', 'src/secrets', ...ENTRY] },
];

describe('import boundaries of src/', () => {
  const edges = importEdges(repositoryRoot(), 'src');

  test('the scan sees the imports it must judge (a scan that found nothing would pass anything)', () => {
    expect(edges).toContainEqual({ from: 'src/engine/run/run-sync', to: 'src/events/run-events' });
    expect(edges).toContainEqual({ from: 'src/schema/run/run-updates', to: 'src/events/run-events' });
    expect(edges).toContainEqual({ from: 'src/plugins/sources/postgres/index', to: 'src/plugins/contract' });
  });

  test('nothing under src/engine imports from src/schema (nor does anything import upward)', () => {
    expect(violations(edges, RULES)).toEqual([]);
  });

  test('a plugin folder imports only the plugin contract and its own files', () => {
    expect(pluginLeaks(edges)).toEqual([]);
  });

  test('the rules catch an upward import and a plugin reaching past the contract', () => {
    const planted = [
      ...edgesOf('src/engine/run/run-sync.ts', "import { publishRunChange } from '../../schema/pubsub';"),
      ...edgesOf('src/events/run-events.ts', "import type { Scheduler } from '../engine/schedule/scheduler';"),
      ...edgesOf(
        'src/plugins/sources/mysql/read.ts',
        "import { RunFailedError } from '../../../engine/run/run-errors';\nimport type { Row } from '../../contract';",
      ),
      ...edgesOf('src/plugins/sources/mysql/index.ts', "export { read } from './read';\nconst lazy = () => import('../postgres/value-parsers');"),
    ];
    expect(violations(planted, RULES)).toEqual([
      'src/engine/run/run-sync -> src/schema/pubsub',
      'src/events/run-events -> src/engine/schedule/scheduler',
      'src/plugins/sources/mysql/read -> src/engine/run/run-errors',
    ]);
    expect(pluginLeaks(planted)).toEqual([
      'src/plugins/sources/mysql/read -> src/engine/run/run-errors',
      'src/plugins/sources/mysql/index -> src/plugins/sources/postgres/value-parsers',
    ]);
  });
});
