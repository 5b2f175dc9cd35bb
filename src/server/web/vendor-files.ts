import { dirname, join } from 'node:path';

/** A file inside an installed npm package, and the package's version (to put in the URL). */
export function packageFile(pkg: string, file: string): { file: string; version: string } {
  const manifest = require.resolve(`${pkg}/package.json`);
  const { version } = require(manifest) as { version: string };
  return { file: join(dirname(manifest), file), version };
}

/** Where `tsc -p web/tsconfig.json` writes the browser code: dist/web, beside dist/src. */
export const builtWebDir = join(__dirname, '..', '..', '..', 'web');

/** Stylesheets are served from the sources (tsc copies no CSS). */
export const webSourceDir = join(__dirname, '..', '..', '..', '..', 'web');
