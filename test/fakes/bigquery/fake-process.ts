import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { request } from 'undici';
import type { FakeField } from './schema';

/** The fake BigQuery (main.js, demo project `demo-project`) in a process of its own, driven through `/fake/` routes. */
export interface FakeBigQueryProcess {
  url: string;
  /** The key of the service account main.js creates (jobUser in demo-project, reader of every dataset). */
  keyJson: string;
  projectId: string;
  addDataset(datasetId: string, location?: string): Promise<void>;
  addTable(datasetId: string, tableId: string, fields: FakeField[], rows: unknown[][]): Promise<void>;
  runningJobs(): Promise<number>;
  close(): Promise<void>;
}

export async function startFakeBigQueryProcess(): Promise<FakeBigQueryProcess> {
  const child = spawn(process.execPath, [join(__dirname, 'main.js')], {
    env: { ...process.env, FAKE_BQ_PORT: '0', FAKE_BQ_JSON: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the fake BigQuery exited (${code}) before it started`)));
  });
  const { url, keyFile } = JSON.parse(line) as { url: string; keyFile: string };
  const projectId = 'demo-project';
  const post = async (path: string, body: unknown) => {
    const reply = await request(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await reply.body.text();
    if (reply.statusCode !== 200) throw new Error(`fake BigQuery refused ${path}: HTTP ${reply.statusCode}`);
  };
  return {
    url,
    keyJson: readFileSync(keyFile, 'utf8'),
    projectId,
    addDataset: (datasetId, location = 'US') => post('/fake/datasets', { projectId, datasetId, location }),
    addTable: (datasetId, tableId, fields, rows) => post('/fake/tables', { projectId, datasetId, tableId, fields, rows }),
    runningJobs: async () => ((await (await request(`${url}/fake/jobs/running`)).body.json()) as { count: number }).count,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
