/**
 * The conformance suites catch a plugin that breaks a promise: broken-plugins.conformance.ts runs the suites on
 * plugins that each break one, in a child jest; each must fail exactly the tests of that promise, with a message
 * naming it, and pass all the others.
 */
import { describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BROKEN } from '../conformance/expectations';
import { brokenDestinations, brokenSources, type BrokenPlugin } from './broken-plugins';

interface AssertionResult {
  ancestorTitles: string[];
  title: string;
  status: string;
  failureMessages: string[];
}

const repository = resolve(__dirname, '../../..');

/** Runs broken-plugins.conformance.js in a child jest with the project's config and returns each test's result. */
async function runBrokenSuites(): Promise<AssertionResult[]> {
  const project = require(join(repository, 'jest.config.js')) as Record<string, unknown>;
  const config = {
    ...project,
    rootDir: resolve(repository, String(project.rootDir ?? '.')),
    testMatch: ['**/conformance-check/broken-plugins.conformance.js'],
    globalSetup: undefined,
    globalTeardown: undefined,
  };
  const out = mkdtempSync(join(tmpdir(), 'ferry-broken-suites-'));
  try {
    const output = join(out, 'results.json');
    const args = [require.resolve('jest/bin/jest'), '--config', JSON.stringify(config), '--json', '--outputFile', output, '--runInBand', '--silent'];
    const stderr: string[] = [];
    await new Promise<void>((done, fail) => {
      const child = spawn(process.execPath, args, { cwd: repository, env: { ...process.env, FORCE_COLOR: '0' } });
      child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
      child.on('error', fail);
      child.on('exit', () => done());
    });
    let report: { testResults: Array<{ assertionResults: AssertionResult[]; message: string }> };
    try {
      report = JSON.parse(readFileSync(output, 'utf8'));
    } catch {
      throw new Error(`the child jest wrote no report:\n${stderr.join('')}`);
    }
    if (report.testResults.length !== 1) throw new Error(`the child jest ran ${report.testResults.length} files:\n${stderr.join('')}`);
    return report.testResults[0].assertionResults;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

describe('the conformance suites catch broken plugins', () => {
  let results: Promise<AssertionResult[]> | null = null;
  const resultsOf = async (suite: string) => {
    results ??= runBrokenSuites();
    const own = (await results).filter((result) => result.ancestorTitles[0] === suite);
    if (own.length === 0) throw new Error(`no test of "${suite}" ran`);
    return own;
  };

  const check = async (suite: string, broken: BrokenPlugin) => {
    const own = await resultsOf(suite);
    const failed = own.filter((result) => result.status === 'failed');
    expect(failed.map((result) => result.title).sort()).toEqual([...broken.failing].sort());
    for (const result of failed) expect(result.failureMessages.join('\n')).toContain(`${BROKEN} ${broken.promise}`);
    const others = own.filter((result) => result.status !== 'failed');
    expect(others.every((result) => result.status === 'passed')).toBe(true);
    expect(others.length).toBeGreaterThan(0);
  };

  for (const broken of brokenSources) {
    test(
      `a source with ${broken.flaw} fails "${broken.failing.join('", "')}"`,
      () => check(`Source with ${broken.flaw} source conformance`, broken),
      180_000,
    );
  }
  for (const broken of brokenDestinations) {
    test(
      `a destination with ${broken.flaw} fails "${broken.failing.join('", "')}"`,
      () => check(`Destination with ${broken.flaw} destination conformance`, broken),
      180_000,
    );
  }
});
