import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from '@jest/globals';
import { enginesNode, nodeVersionProblem } from '../../src/node-version';

const root = join(__dirname, '..', '..', '..');

describe('the Node.js floor', () => {
  test('package.json engines gives the floor in the form the check reads, and the README states it', () => {
    assert.equal(enginesNode(), JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines.node);
    assert.equal(nodeVersionProblem('99.0.0', enginesNode()), null);
    assert.match(readFileSync(join(root, 'README.md'), 'utf8'), new RegExp(`Node\\.js ${enginesNode().replace('>=', '')}`));
  });

  test('versions below the floor are refused naming the version needed; the floor and newer pass', () => {
    for (const old of ['18.20.4', '20.18.3', '20.0.0', '16.20.2', '8.17.0']) {
      assert.equal(
        nodeVersionProblem(old, '>=20.19'),
        `Ferry needs Node.js 20.19 or newer; this is Node.js ${old}. Install a current Node.js LTS release and start Ferry with it.`,
      );
    }
    for (const good of ['20.19.0', '20.19.6', '20.20.2', '21.0.0', '22.12.0', '24.21.0', '26.10.0'])
      assert.equal(nodeVersionProblem(good, '>=20.19'), null, good);
    assert.throws(() => nodeVersionProblem('20.19.0', '^20.19 || >=22'), /engines.node must read ">=MAJOR.MINOR"/);
  });

  for (const entry of ['main', 'cli']) {
    test(`dist/src/${entry}.js on an older Node stops at once with the message and exit code 1, before loading any dependency`, () => {
      // The child pretends to be Node 18 and logs every module it loads.
      const pretend = `
        Object.defineProperty(process.versions, 'node', { value: '18.20.4' });
        const Module = require('module');
        const load = Module._load;
        Module._load = function (request) { process.stdout.write('loaded ' + request + '\\n'); return load.apply(this, arguments); };
        require(${JSON.stringify(join(root, 'dist', 'src', `${entry}.js`))});`;
      const child = spawnSync(process.execPath, ['-e', pretend], {
        encoding: 'utf8',
        env: { ...process.env, DATABASE_URL: 'postgres://127.0.0.1:1/none' },
        timeout: 10_000,
      });
      assert.equal(child.status, 1, child.stderr);
      assert.equal(
        child.stderr,
        'Ferry needs Node.js 20.19 or newer; this is Node.js 18.20.4. Install a current Node.js LTS release and start Ferry with it.\n',
      );
      const loaded = child.stdout
        .trim()
        .split('\n')
        .map((line) => line.replace('loaded ', ''))
        .slice(1);
      assert.deepEqual(loaded, ['./check-node-version', './node-version', 'fs', 'path'], 'only the check itself loaded');
    });
  }
});
