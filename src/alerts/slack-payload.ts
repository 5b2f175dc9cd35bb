import { formatDuration, formatPercent, type AlertFacts } from './alert-facts';

/** Slack's mrkdwn needs &, < and > escaped (they start links and mentions). */
function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const titles: Record<string, string> = {
  'run.failed': 'Run failed',
  'run.rejected_rows_above': 'Rejected rows above the limit',
  'run.longer_than': 'Run taking too long',
  'sync.no_success_for': 'Sync not succeeding',
};

/**
 * A Slack incoming webhook's body: `text` (what notifications and old clients show) and Block Kit `blocks` (a
 * header, the message, the run's counters and a context line with the ids), within Slack's size limits.
 */
export function slackPayload(facts: AlertFacts): Record<string, unknown> {
  const title = `${facts.test ? 'Test: ' : ''}${titles[facts.event] ?? facts.event}`;
  const blocks: Array<Record<string, unknown>> = [
    { type: 'header', text: { type: 'plain_text', text: cut(`Ferry: ${title}`, 150) } },
    { type: 'section', text: { type: 'mrkdwn', text: cut(escape(facts.message), 3000) } },
  ];
  const run = facts.run;
  if (run) {
    const fields: Array<[string, string]> = [
      ['Status', run.status],
      ['Rows read', String(run.rowsRead)],
      ['Created / updated', `${run.rowsCreated} / ${run.rowsUpdated}`],
      ['Rejected', `${run.rowsRejected} (${formatPercent(run.rejectedPercent)})`],
    ];
    if (run.durationSeconds !== null) fields.push(['Duration', formatDuration(run.durationSeconds)]);
    if (run.startedAt) fields.push(['Started', run.startedAt]);
    blocks.push({ type: 'section', fields: fields.map(([name, value]) => ({ type: 'mrkdwn', text: `*${name}*\n${escape(value)}` })) });
  }
  const ids = [`rule "${facts.rule.name}"`, facts.sync && `sync ${facts.sync.id}`, run && `run ${run.id}`, `delivery ${facts.deliveryId}`].filter(
    Boolean,
  );
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: cut(escape(ids.join(' · ')), 3000) }] });
  return { text: cut(escape(`Ferry: ${title}. ${facts.message}`), 3000), blocks };
}
