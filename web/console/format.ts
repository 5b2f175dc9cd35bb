import { h } from '../shared/dom.js';

export interface Schedule {
  kind: 'MANUAL' | 'INTERVAL' | 'CRON' | 'AFTER_SYNC';
  every: string | null;
  cron: string | null;
  timezone: string | null;
  afterSyncId: string | null;
}

export function scheduleText(schedule: Schedule, paused: boolean): string {
  const text =
    schedule.kind === 'INTERVAL'
      ? `every ${schedule.every}`
      : schedule.kind === 'CRON'
        ? `cron ${schedule.cron} (${schedule.timezone ?? 'UTC'})`
        : schedule.kind === 'AFTER_SYNC'
          ? 'after another sync'
          : 'on demand';
  return paused ? `${text}, paused` : text;
}

export function dateText(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

export function secondsText(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return 'unknown';
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes} min ${Math.ceil(seconds % 60)} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export const terminalStatuses = new Set(['SUCCEEDED', 'PARTIAL', 'FAILED', 'CANCELLED']);

/** A status with a word and a colour (never colour alone). */
export function statusBadge(status: string | null | undefined): HTMLElement {
  if (!status) return h('span', { class: 'badge' }, 'never run');
  return h('span', { class: `badge status-${status.toLowerCase()}`, 'data-status': status }, status);
}

export function numberText(value: number): string {
  return value.toLocaleString('en-US');
}
