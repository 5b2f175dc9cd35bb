import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/** This repository: Ferry's package. */
export const ferryPackage = resolve(__dirname, '../../../..');

/**
 * test/fixtures/example-plugin: a source plugin package of its own, as a plugin author would write it outside
 * Ferry, with `ferry` as a peer dependency. Its node_modules/ferry links to this repository, as `npm install` of
 * Ferry next to it would.
 */
export function examplePluginPackage(): string {
  const folder = join(ferryPackage, 'test/fixtures/example-plugin');
  const link = join(folder, 'node_modules/ferry');
  if (!existsSync(link)) {
    mkdirSync(join(folder, 'node_modules'), { recursive: true });
    symlinkSync(relative(join(folder, 'node_modules'), ferryPackage), link, 'dir');
  }
  return folder;
}
