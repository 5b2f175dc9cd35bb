import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScenarioContext, ScenarioResult } from './scenario';

/** The two kinds of request of the security review: 23,000 aliases (~0.5 MB), and ~3 KB of nested fragments of aliased fields (16^4 fields). */
const aliases = `{ ${Array.from({ length: 23_000 }, (_, i) => `a${i}: plugins { id }`).join(' ')} }`;
const fragments = (() => {
  const parts = ['fragment s0 on Sync { id name }'];
  for (let i = 1; i <= 4; i += 1)
    parts.push(`fragment s${i} on Sync { ${Array.from({ length: 16 }, (_, a) => `a${a}: lastRun { sync { ...s${i - 1} } }`).join(' ')} }`);
  return `query { syncs { ...s4 } }\n${parts.join('\n')}`;
})();

/** Without limits, as Ferry was: every limit raised past what the requests need. */
const noLimits = { FERRY_MAX_ALIASES: '1000000000', FERRY_MAX_FIELDS: '1000000000', FERRY_MAX_COST: '1000000000', FERRY_MAX_TOKENS: '1000000000' };

const phaseMs = 8_000;

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
}

/** A simple query's latency, every 100 ms for `phaseMs`, while two clients send the abusive requests back to back. */
async function phase(ctx: ScenarioContext, env: Record<string, string>): Promise<{ p50: number; p95: number; max: number; abusive: number }> {
  const token = randomBytes(24).toString('hex');
  // Ferry in a process of its own: a frozen event loop there does not stop this one's clock.
  const ferry = spawn(process.execPath, [join(__dirname, '..', '..', 'src', 'main.js')], {
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: ctx.ferryUrl,
      FERRY_SECRET_KEY: ctx.secretKey,
      FERRY_PORT: '0',
      FERRY_API_TOKEN: token,
      FERRY_ROLE: 'api',
      FERRY_DATA_DIR: mkdtempSync(join(tmpdir(), 'ferry-bench-')),
      FERRY_LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let log = '';
    ferry.stderr!.on('data', (chunk) => {
      log += chunk;
      const started = /"message":"Ferry started".*?"url":"([^"]+)"/.exec(log);
      if (started) resolve(started[1]);
    });
    ferry.on('exit', (code) => reject(new Error(`Ferry exited (${code}) before it started:\n${log}`)));
  });
  const running = { url, stop: () => new Promise<void>((resolve) => (ferry.kill('SIGTERM'), ferry.on('exit', () => resolve()))) };
  const send = async (query: string) => {
    const response = await fetch(running.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
    });
    await response.arrayBuffer();
  };
  const end = Date.now() + phaseMs;
  let abusive = 0;
  const attacker = async (query: string) => {
    while (Date.now() < end) {
      await send(query);
      abusive += 1;
    }
  };
  const latencies: number[] = [];
  const prober = async () => {
    while (Date.now() < end) {
      const started = performance.now();
      await send('{ plugins { id } }');
      latencies.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  try {
    await Promise.all([attacker(aliases), attacker(fragments), prober()]);
  } finally {
    await running.stop();
  }
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: latencies.at(-1) ?? NaN, abusive };
}

/** `npm run bench -- abusive-queries`: before (limits off) and after (the defaults). */
export async function abusiveQueriesScenario(ctx: ScenarioContext): Promise<ScenarioResult> {
  const before = await phase(ctx, noLimits);
  const after = await phase(ctx, {});
  const ms = (value: number) => Math.round(value * 10) / 10;
  return {
    'before: simple query p50 (ms)': ms(before.p50),
    'before: simple query p95 (ms)': ms(before.p95),
    'before: simple query max (ms)': ms(before.max),
    'before: abusive requests answered': before.abusive,
    'after: simple query p50 (ms)': ms(after.p50),
    'after: simple query p95 (ms)': ms(after.p95),
    'after: simple query max (ms)': ms(after.max),
    'after: abusive requests answered': after.abusive,
  };
}
