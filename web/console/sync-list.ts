import { h } from '../shared/dom.js';
import { dateText, scheduleText, statusBadge, type Schedule } from './format.js';
import type { View } from './view.js';

interface SyncRow {
  id: string;
  name: string;
  object: string;
  paused: boolean;
  schedule: Schedule;
  nextRunAt: string | null;
  model: { name: string };
  destination: { name: string };
  lastRun: { id: string; status: string; finishedAt: string | null } | null;
}

const syncsQuery = `{
  syncs {
    id name object paused nextRunAt
    schedule { kind every cron timezone afterSyncId }
    model { name }
    destination { name }
    lastRun { id status finishedAt }
  }
}`;

function table(syncs: SyncRow[]): HTMLElement {
  if (!syncs.length) return h('p', {}, 'No sync yet: create one over the API (see the README).');
  return h(
    'table',
    { class: 'data' },
    h('caption', {}, `${syncs.length} sync${syncs.length === 1 ? '' : 's'}`),
    h(
      'thead',
      {},
      h('tr', {}, ...['Sync', 'Model → destination', 'Schedule', 'Next run', 'Last run'].map((title) => h('th', { scope: 'col' }, title))),
    ),
    h(
      'tbody',
      {},
      ...syncs.map((sync) =>
        h(
          'tr',
          { 'data-sync-id': sync.id },
          h('th', { scope: 'row' }, h('a', { href: `#/syncs/${sync.id}` }, sync.name)),
          h('td', {}, `${sync.model.name} → ${sync.destination.name} (${sync.object})`),
          h('td', {}, scheduleText(sync.schedule, sync.paused)),
          h('td', {}, dateText(sync.nextRunAt)),
          h(
            'td',
            {},
            sync.lastRun ? h('a', { href: `#/runs/${sync.lastRun.id}` }, statusBadge(sync.lastRun.status)) : statusBadge(null),
            ' ',
            sync.lastRun ? dateText(sync.lastRun.finishedAt) : '',
          ),
        ),
      ),
    ),
  );
}

/** Every sync, its schedule, next run and last run; refreshed whenever any run changes. */
export const syncList: View = async (main, api) => {
  const section = h('section', { 'aria-labelledby': 'syncs-title' }, h('h1', { id: 'syncs-title' }, 'Syncs'));
  const body = h('div', {});
  section.append(body);
  main.replaceChildren(section);
  const draw = async () => {
    const { syncs } = await api.query<{ syncs: SyncRow[] }>(syncsQuery);
    body.replaceChildren(table(syncs));
  };
  await draw();
  let pending: ReturnType<typeof setTimeout> | null = null;
  const stop = api.subscribe(
    'subscription { syncRunsUpdated { id } }',
    {},
    () => {
      pending ??= setTimeout(() => {
        pending = null;
        draw().catch(() => undefined);
      }, 500);
    },
    () => undefined,
  );
  return () => {
    stop();
    if (pending) clearTimeout(pending);
  };
};
