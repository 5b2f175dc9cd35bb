import { expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ferryPackage } from './example-package';

test("the README's minimal source plugin is the example plugin's code, which passes the source suite", () => {
  const readme = readFileSync(join(ferryPackage, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### A minimal source plugin'), readme.indexOf('### Running the conformance suite'));
  const blocks = [...section.matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1]);
  const file = (name: string) => readFileSync(join(ferryPackage, 'test/fixtures/example-plugin', name), 'utf8');
  expect(blocks).toEqual([file('index.js'), file('errors.js')]);
});
