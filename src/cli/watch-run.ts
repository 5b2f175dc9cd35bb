import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { RunCounters } from '../engine/run/run-progress';

const subscription = `subscription($id: ID!) {
  syncRunUpdated(runId: $id) { status progress estimatedSecondsLeft rowsRead rowsChanged rowsUnchanged rowsCreated rowsUpdated rowsRejected error }
}`;

interface RunState extends RunCounters {
  status: string;
  progress: number;
  estimatedSecondsLeft: number | null;
  error: string | null;
}

const BAR_WIDTH = 24;

/** `[#########---------------]  38%  about 1 min 12 s left` */
export function progressBar(progress: number, secondsLeft: number | null): string {
  const filled = Math.round(Math.min(1, Math.max(0, progress)) * BAR_WIDTH);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${(progress * 100).toFixed(0).padStart(3)}%`;
  if (secondsLeft === null) return bar;
  const seconds = Math.ceil(secondsLeft);
  const left = seconds >= 60 ? `${Math.floor(seconds / 60)} min ${seconds % 60} s` : `${seconds} s`;
  return `${bar}  about ${left} left`;
}

/** A readable reason from what graphql-ws reports: GraphQL errors (an unknown run), a close event, or an Error. */
function watchFailure(error: unknown, runId: string): Error {
  if (error instanceof Error) return error;
  if (Array.isArray(error)) {
    const messages = error.map((e: { message?: string }) => e.message ?? String(e));
    return new Error(messages.length ? messages.join('; ') : `Ferry refused to watch run ${runId}`);
  }
  const close = error as { code?: number; reason?: string } | null;
  if (close && typeof close.code === 'number') {
    return new Error(`Ferry closed the connection (${close.code}${close.reason ? `: ${close.reason}` : ''}): check FERRY_URL and FERRY_TOKEN`);
  }
  return new Error(`the connection to Ferry failed: check that it is running at FERRY_URL`);
}

/** How a watched run ended, for the exit code: a run that did not do its work (FAILED, CANCELLED) is 1. */
export const exitCodeOf = (status: string | null): number => (status === 'FAILED' || status === 'CANCELLED' ? 1 : 0);

/** `watch RUN_ID`: follows a run over the syncRunUpdated subscription until it ends; returns its last status. */
export async function watchRun(runId: string | undefined, url: string, token: string | undefined): Promise<string | null> {
  if (!runId) throw new Error('Usage: npm run ferry -- watch RUN_ID   (with FERRY_TOKEN set to an API token)');
  if (!token) throw new Error('FERRY_TOKEN is not set: export FERRY_TOKEN=<your API token> (npm run ferry -- token create --name me)');
  const client = createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
  });
  let status: string | null = null;
  try {
    await new Promise<void>((resolve, reject) => {
      client.subscribe<{ syncRunUpdated: RunState }>(
        { query: subscription, variables: { id: runId } },
        {
          next: ({ data, errors }) => {
            if (errors) return reject(new Error(errors.map((e) => e.message).join('; ')));
            const run = data!.syncRunUpdated;
            status = run.status;
            const line = `${run.status.padEnd(9)} ${progressBar(run.progress, run.estimatedSecondsLeft)}  read ${run.rowsRead}  changed ${run.rowsChanged}  unchanged ${run.rowsUnchanged}  created ${run.rowsCreated}  updated ${run.rowsUpdated}  rejected ${run.rowsRejected}`;
            process.stdout.write(`${line}${run.error ? `  error: ${run.error}` : ''}\n`);
          },
          error: (error) => reject(watchFailure(error, runId)),
          complete: resolve,
        },
      );
    });
  } finally {
    await client.dispose();
  }
  return status;
}
