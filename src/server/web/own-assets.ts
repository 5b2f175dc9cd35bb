import { join } from 'node:path';
import type { StaticAsset } from './static-asset';
import { builtWebDir, packageFile, webSourceDir } from './vendor-files';

/**
 * Ferry's own browser files, at /ui/<path> as they lie in web/ (scripts compiled into dist/web, stylesheets as
 * written; graphql-ws's browser build for the console's subscriptions). A module imported by another must be
 * listed here too: nothing else under /ui is served.
 */
const shared = ['shared/token.js', 'shared/graphql.js', 'shared/login.css'];
const ide = ['graphiql/ide.js', 'graphiql/ide.css'];
const runConsole = [
  'shared/dom.js',
  'console/console.css',
  'console/main.js',
  'console/format.js',
  'console/sync-list.js',
  'console/sync-page.js',
  'console/run-page.js',
  'console/rejected-rows.js',
  'console/preview.js',
  'console/api.js',
  'console/view.js',
  'vendor/graphql-ws.js',
];

function asset(file: string): [string, StaticAsset] {
  if (file === 'vendor/graphql-ws.js') {
    return [
      `/ui/${file}`,
      { file: packageFile('graphql-ws', 'umd/graphql-ws.min.js').file, contentType: 'text/javascript; charset=utf-8', immutable: false },
    ];
  }
  const stylesheet = file.endsWith('.css');
  return [
    `/ui/${file}`,
    stylesheet
      ? { file: join(webSourceDir, file), contentType: 'text/css; charset=utf-8', immutable: false }
      : { file: join(builtWebDir, file), contentType: 'text/javascript; charset=utf-8', immutable: false },
  ];
}

/** The files of the parts that are on. */
export function ownAssets(parts: { ide: boolean; runConsole: boolean }): Array<[string, StaticAsset]> {
  const files = [...shared, ...(parts.ide ? ide : []), ...(parts.runConsole ? runConsole : [])];
  return files.map(asset);
}
