import { announce, h } from '../shared/dom.js';
import type { Api } from './api.js';
import { dateText, numberText, secondsText, statusBadge, terminalStatuses } from './format.js';
import { rejectedRowsSection } from './rejected-rows.js';
import { errorMessage, type View } from './view.js';

interface Run {
  id: string;
  status: string;
  trigger: string;
  fullResync: boolean;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  rowsRead: number;
  rowsChanged: number;
  rowsUnchanged: number;
  rowsCreated: number;
  rowsUpdated: number;
  rowsRejected: number;
  progress: number;
  estimatedSecondsLeft: number | null;
  error: string | null;
}

const runFields =
  'id status trigger fullResync queuedAt startedAt finishedAt rowsRead rowsChanged rowsUnchanged rowsCreated rowsUpdated rowsRejected progress estimatedSecondsLeft error';
const counters: Array<[keyof Run, string]> = [
  ['rowsRead', 'Read'],
  ['rowsChanged', 'Changed (sent)'],
  ['rowsUnchanged', 'Unchanged'],
  ['rowsCreated', 'Created'],
  ['rowsUpdated', 'Updated'],
  ['rowsRejected', 'Rejected'],
];

/** A run, live: its status, counters and progress follow the syncRunUpdated subscription. */
export function runPage(runId: string): View {
  return async (main, api: Api) => {
    const { syncRun } = await api.query<{ syncRun: (Run & { sync: { id: string; name: string } }) | null }>(
      `query ($id: ID!) { syncRun(id: $id) { ${runFields} sync { id name } } }`,
      { id: runId },
    );
    if (!syncRun) {
      main.replaceChildren(h('h1', {}, 'No such run'), h('p', {}, h('a', { href: '#/' }, 'Back to the syncs')));
      return () => undefined;
    }
    const status = h('span', { id: 'run-status' });
    const progress = h('progress', { id: 'run-progress', max: 1, value: 0, 'aria-labelledby': 'progress-label' });
    const progressText = h('span', { id: 'progress-text' });
    const estimate = h('span', { id: 'run-estimate' });
    const values = new Map(counters.map(([key]) => [key, h('dd', { 'data-counter': key })]));
    const times = h('p', { class: 'times' });
    const failure = h('p', { class: 'error', role: 'alert', hidden: true });
    const cancel = h('button', { type: 'button', class: 'danger' }, 'Cancel run');
    const rejected = rejectedRowsSection(api, runId);
    let lastStatus = '';

    const show = (run: Run) => {
      status.replaceChildren(statusBadge(run.status));
      progress.value = run.progress;
      progressText.textContent = `${Math.floor(run.progress * 100)} %`;
      const running = !terminalStatuses.has(run.status);
      estimate.textContent = running && run.status === 'RUNNING' ? `about ${secondsText(run.estimatedSecondsLeft)} left` : '';
      for (const [key] of counters) values.get(key)!.textContent = numberText(run[key] as number);
      times.textContent = `Queued ${dateText(run.queuedAt)} · started ${dateText(run.startedAt)} · finished ${dateText(run.finishedAt)}${run.fullResync ? ' · full resync' : ''}`;
      failure.hidden = !run.error;
      failure.textContent = run.error ?? '';
      cancel.hidden = !running;
      if (run.status !== lastStatus) {
        if (lastStatus) announce(`Run ${run.status.toLowerCase()}`);
        lastStatus = run.status;
      }
    };
    cancel.addEventListener('click', async () => {
      cancel.disabled = true;
      try {
        show(
          await api
            .query<{ cancelSyncRun: Run }>(`mutation ($id: ID!) { cancelSyncRun(id: $id) { ${runFields} } }`, { id: runId })
            .then((data) => data.cancelSyncRun),
        );
      } catch (error) {
        failure.hidden = false;
        failure.textContent = `Could not cancel: ${errorMessage(error)}`;
      } finally {
        cancel.disabled = false;
      }
    });

    main.replaceChildren(
      h(
        'p',
        { class: 'breadcrumb' },
        h('a', { href: '#/' }, 'Syncs'),
        ' / ',
        h('a', { href: `#/syncs/${syncRun.sync.id}` }, syncRun.sync.name),
        ' / run',
      ),
      h('h1', {}, 'Run of ', syncRun.sync.name, ' ', status),
      times,
      h('div', { class: 'progress-row' }, h('span', { id: 'progress-label' }, 'Progress'), progress, progressText, estimate),
      h('dl', { class: 'counters' }, ...counters.flatMap(([key, label]) => [h('dt', {}, label), values.get(key)!])),
      failure,
      h('div', { class: 'actions' }, cancel),
      rejected.element,
    );
    show(syncRun);
    await rejected.reload();
    let rejectedShown = syncRun.rowsRejected;
    const stop = api.subscribe<{ syncRunUpdated: Run }>(
      `subscription ($id: ID!) { syncRunUpdated(runId: $id) { ${runFields} } }`,
      { id: runId },
      ({ syncRunUpdated }) => {
        show(syncRunUpdated);
        if (syncRunUpdated.rowsRejected !== rejectedShown || terminalStatuses.has(syncRunUpdated.status)) {
          rejectedShown = syncRunUpdated.rowsRejected;
          void rejected.refresh();
        }
      },
      (message) => {
        failure.hidden = false;
        failure.textContent = `Live updates stopped: ${message}`;
      },
    );
    return stop;
  };
}
