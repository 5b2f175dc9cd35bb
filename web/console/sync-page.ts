import { announce, h } from '../shared/dom.js';
import type { Api } from './api.js';
import { dateText, numberText, scheduleText, statusBadge, type Schedule } from './format.js';
import { previewSection } from './preview.js';
import { errorMessage, type View } from './view.js';

interface RunRow {
  id: string;
  status: string;
  trigger: string;
  fullResync: boolean;
  queuedAt: string;
  finishedAt: string | null;
  rowsRead: number;
  rowsChanged: number;
  rowsRejected: number;
}

interface SyncDetails {
  id: string;
  name: string;
  object: string;
  paused: boolean;
  nextRunAt: string | null;
  schedule: Schedule;
  model: { name: string };
  destination: { name: string };
  changeGuard: { maxRecords: number | null; maxPercent: number | null } | null;
  runs: { totalCount: number; pageInfo: { endCursor: string | null; hasNextPage: boolean }; edges: Array<{ node: RunRow }> };
}

const syncQuery = `query ($id: ID!, $after: String) {
  sync(id: $id) {
    id name object paused nextRunAt
    schedule { kind every cron timezone afterSyncId }
    model { name }
    destination { name }
    changeGuard { maxRecords maxPercent }
    runs(first: 20, after: $after) {
      totalCount
      pageInfo { endCursor hasNextPage }
      edges { node { id status trigger fullResync queuedAt finishedAt rowsRead rowsChanged rowsRejected } }
    }
  }
}`;

const triggerMutation = 'mutation ($id: ID!, $full: Boolean, $force: Boolean) { triggerSync(id: $id, fullResync: $full, force: $force) { id } }';

function guardText({ maxRecords, maxPercent }: NonNullable<SyncDetails['changeGuard']>): string {
  const limits = [
    maxRecords !== null ? `${numberText(maxRecords)} records` : null,
    maxPercent !== null ? `${maxPercent}% of the records written` : null,
  ];
  return `a run may send at most ${limits.filter(Boolean).join(' and at most ')}`;
}

function runRows(runs: RunRow[]): HTMLElement[] {
  return runs.map((run) =>
    h(
      'tr',
      {},
      h('td', {}, h('a', { href: `#/runs/${run.id}` }, dateText(run.queuedAt))),
      h('td', {}, statusBadge(run.status)),
      h('td', {}, run.trigger.toLowerCase().replace('_', ' '), run.fullResync ? ', full resync' : ''),
      h('td', { class: 'number' }, numberText(run.rowsRead)),
      h('td', { class: 'number' }, numberText(run.rowsChanged)),
      h('td', { class: 'number' }, numberText(run.rowsRejected)),
      h('td', {}, dateText(run.finishedAt)),
    ),
  );
}

/** A sync: its schedule, buttons to run it, a preview of the next run, and its runs, newest first. */
export function syncPage(syncId: string): View {
  return async (main, api: Api) => {
    const { sync } = await api.query<{ sync: SyncDetails | null }>(syncQuery, { id: syncId });
    if (!sync) {
      main.replaceChildren(h('h1', {}, 'No such sync'), h('p', {}, h('a', { href: '#/' }, 'Back to the syncs')));
      return () => undefined;
    }
    const message = h('p', { class: 'error', role: 'alert', hidden: true });
    const start = async (full: boolean, force = false) => {
      try {
        const { triggerSync } = await api.query<{ triggerSync: { id: string } }>(triggerMutation, { id: syncId, full, force });
        announce(full ? 'Full resync queued' : force ? 'Run queued past the change guard' : 'Run queued');
        location.hash = `#/runs/${triggerSync.id}`;
      } catch (error) {
        message.hidden = false;
        message.textContent = `Could not start the run: ${errorMessage(error)}`;
      }
    };
    const body = h('tbody', {}, ...runRows(sync.runs.edges.map((edge) => edge.node)));
    let cursor = sync.runs.pageInfo.hasNextPage ? sync.runs.pageInfo.endCursor : null;
    const more = h('button', { type: 'button', class: 'secondary', hidden: !cursor }, 'Older runs');
    more.addEventListener('click', async () => {
      const next = await api.query<{ sync: SyncDetails }>(syncQuery, { id: syncId, after: cursor });
      body.append(...runRows(next.sync.runs.edges.map((edge) => edge.node)));
      cursor = next.sync.runs.pageInfo.hasNextPage ? next.sync.runs.pageInfo.endCursor : null;
      more.hidden = !cursor;
    });
    main.replaceChildren(
      h('p', { class: 'breadcrumb' }, h('a', { href: '#/' }, 'Syncs'), ' / ', sync.name),
      h('h1', {}, sync.name),
      h(
        'dl',
        { class: 'facts' },
        h('dt', {}, 'Model → destination'),
        h('dd', {}, `${sync.model.name} → ${sync.destination.name} (${sync.object})`),
        h('dt', {}, 'Schedule'),
        h('dd', {}, scheduleText(sync.schedule, sync.paused)),
        h('dt', {}, 'Next run'),
        h('dd', {}, dateText(sync.nextRunAt)),
      ),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'button', onclick: () => void start(false) }, 'Run now'),
        h(
          'button',
          { type: 'button', class: 'secondary', onclick: () => void start(true), title: 'Send every row, not only the changed ones' },
          'Full resync',
        ),
        ...(sync.changeGuard
          ? [
              h(
                'button',
                {
                  type: 'button',
                  class: 'secondary',
                  onclick: () => void start(false, true),
                  title: `Let one run through the change guard (${guardText(sync.changeGuard)}), for a change that is intended`,
                },
                'Run past the guard',
              ),
            ]
          : []),
      ),
      message,
      previewSection(api, syncId),
      h(
        'section',
        { 'aria-labelledby': 'runs-title' },
        h('h2', { id: 'runs-title' }, `Runs (${numberText(sync.runs.totalCount)})`),
        h(
          'table',
          { class: 'data' },
          h('caption', { class: 'visually-hidden' }, 'Runs of this sync, newest first'),
          h(
            'thead',
            {},
            h('tr', {}, ...['Queued', 'Status', 'Trigger', 'Read', 'Sent', 'Rejected', 'Finished'].map((title) => h('th', { scope: 'col' }, title))),
          ),
          body,
        ),
        more,
      ),
    );
    return () => undefined;
  };
}
