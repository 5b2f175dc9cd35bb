import { announce, h } from '../shared/dom.js';
import type { Api } from './api.js';
import { numberText } from './format.js';
import { errorMessage } from './view.js';

interface Preview {
  rowsRead: number;
  rowsChanged: number;
  rowsUnchanged: number;
  rowsRejected: number;
  stoppedByGuard: string | null;
  sample: Array<{ key: string; action: string; reason: string | null; record: Record<string, unknown> | null }>;
}

const previewQuery = `query ($id: ID!) {
  previewSync(id: $id, limit: 20) { rowsRead rowsChanged rowsUnchanged rowsRejected stoppedByGuard sample { key action reason record } }
}`;

/** "What would the next run do?": a dry run that writes nothing. */
export function previewSection(api: Api, syncId: string): HTMLElement {
  const output = h('div', { id: 'preview-output', 'aria-live': 'polite' });
  const button = h('button', { type: 'button', class: 'secondary' }, 'Preview the next run');
  button.addEventListener('click', async () => {
    button.disabled = true;
    output.replaceChildren(h('p', {}, 'Reading the model…'));
    try {
      const { previewSync } = await api.query<{ previewSync: Preview }>(previewQuery, { id: syncId });
      output.replaceChildren(
        h(
          'p',
          {},
          `Rows read ${numberText(previewSync.rowsRead)}: ${numberText(previewSync.rowsChanged)} to send, ${numberText(previewSync.rowsUnchanged)} unchanged, ${numberText(previewSync.rowsRejected)} rejected.`,
        ),
        ...(previewSync.stoppedByGuard ? [h('p', { class: 'error', role: 'alert' }, previewSync.stoppedByGuard)] : []),
        h(
          'table',
          { class: 'data' },
          h('caption', {}, `First ${previewSync.sample.length} rows`),
          h(
            'thead',
            {},
            h('tr', {}, h('th', { scope: 'col' }, 'Key'), h('th', { scope: 'col' }, 'Action'), h('th', { scope: 'col' }, 'Reason or record')),
          ),
          h(
            'tbody',
            {},
            ...previewSync.sample.map((row) =>
              h('tr', {}, h('td', {}, row.key), h('td', {}, row.action), h('td', { class: 'mono' }, row.reason ?? JSON.stringify(row.record))),
            ),
          ),
        ),
      );
      announce('Preview ready');
    } catch (error) {
      output.replaceChildren(h('p', { class: 'error', role: 'alert' }, `Preview failed: ${errorMessage(error)}`));
    } finally {
      button.disabled = false;
    }
  });
  return h(
    'section',
    { 'aria-labelledby': 'preview-title' },
    h('h2', { id: 'preview-title' }, 'Next run'),
    h('p', {}, 'A dry run: reads the model and compares it with what Ferry last wrote, without writing anything.'),
    button,
    output,
  );
}
