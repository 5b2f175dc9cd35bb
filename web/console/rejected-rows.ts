import { h } from '../shared/dom.js';
import type { Api } from './api.js';
import { numberText } from './format.js';

interface RejectedPage {
  totalCount: number;
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
  edges: Array<{ node: { key: string; reason: string; record: Record<string, unknown> | null } }>;
}

const pageSize = 20;
const rejectedQuery = `query ($id: ID!, $first: Int, $after: String) {
  syncRun(id: $id) { rejectedRows(first: $first, after: $after) { totalCount pageInfo { endCursor hasNextPage } edges { node { key reason record } } } }
}`;

/** A run's rejected rows with their reasons, a page at a time (Previous/Next keep the cursors seen). */
export function rejectedRowsSection(api: Api, runId: string): { element: HTMLElement; reload(): Promise<void>; refresh(): Promise<void> } {
  const summary = h('p', {});
  const body = h('tbody', {});
  const previous = h('button', { type: 'button', class: 'secondary' }, 'Previous page');
  const next = h('button', { type: 'button', class: 'secondary' }, 'Next page');
  const table = h(
    'table',
    { class: 'data', id: 'rejected-rows' },
    h('caption', { class: 'visually-hidden' }, 'Rejected rows and why'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Key'), h('th', { scope: 'col' }, 'Reason'), h('th', { scope: 'col' }, 'Record'))),
    body,
  );
  // cursors[i] is the `after` of page i; page 0 starts at the beginning.
  const cursors: Array<string | null> = [null];
  let page = 0;
  const load = async () => {
    const { syncRun } = await api.query<{ syncRun: { rejectedRows: RejectedPage } }>(rejectedQuery, {
      id: runId,
      first: pageSize,
      after: cursors[page],
    });
    const rows = syncRun.rejectedRows;
    cursors[page + 1] = rows.pageInfo.hasNextPage ? rows.pageInfo.endCursor : null;
    const from = page * pageSize + 1;
    summary.textContent = rows.totalCount
      ? `${numberText(rows.totalCount)} rejected row${rows.totalCount === 1 ? '' : 's'}; showing ${from}–${from + rows.edges.length - 1}.`
      : 'No row was rejected.';
    table.hidden = rows.totalCount === 0;
    body.replaceChildren(
      ...rows.edges.map(({ node }) =>
        h(
          'tr',
          {},
          h('td', { class: 'mono' }, node.key || '(empty key)'),
          h('td', {}, node.reason),
          h('td', { class: 'mono record' }, node.record ? JSON.stringify(node.record) : '—'),
        ),
      ),
    );
    previous.hidden = page === 0;
    next.hidden = !cursors[page + 1];
  };
  previous.addEventListener('click', () => {
    page -= 1;
    void load();
  });
  next.addEventListener('click', () => {
    page += 1;
    void load();
  });
  const element = h(
    'section',
    { 'aria-labelledby': 'rejected-title' },
    h('h2', { id: 'rejected-title' }, 'Rejected rows'),
    summary,
    table,
    h('div', { class: 'actions' }, previous, next),
  );
  return {
    element,
    reload: async () => {
      cursors.length = 1;
      page = 0;
      await load();
    },
    /** The page on show, again (more rows were rejected meanwhile). */
    refresh: load,
  };
}
