import type { DataSource } from 'typeorm';
import { RejectedRow, SyncRun } from '../../entities';
import { decodeCursor, encodeCursor, pageSize } from '../shared/cursor';
import type { RejectedRowPage, SyncRunPage } from './run-page.type';

/** A sync's runs, newest first. */
export async function syncRunsPage(db: DataSource, syncId: string, first: number, after?: string | null): Promise<SyncRunPage> {
  const size = pageSize(first);
  const before = decodeCursor(after);
  const query = db.getRepository(SyncRun).createQueryBuilder('run').where('run.sync_id = :syncId', { syncId });
  const totalCount = await query.clone().getCount();
  if (before !== null) query.andWhere('run.seq < :before', { before });
  const runs = await query
    .orderBy('run.seq', 'DESC')
    .limit(size + 1)
    .getMany();
  const page = runs.slice(0, size);
  return {
    edges: page.map((node) => ({ cursor: encodeCursor(node.seq), node })),
    pageInfo: { hasNextPage: runs.length > size, endCursor: page.length ? encodeCursor(page[page.length - 1].seq) : null },
    totalCount,
  };
}

/** A run's rejected rows, in the order they were recorded. */
export async function rejectedRowsPage(db: DataSource, runId: string, first: number, after?: string | null): Promise<RejectedRowPage> {
  const size = pageSize(first);
  const from = decodeCursor(after);
  const query = db.getRepository(RejectedRow).createQueryBuilder('row').where('row.run_id = :runId', { runId });
  const totalCount = await query.clone().getCount();
  if (from !== null) query.andWhere('row.id > :from', { from });
  const rows = await query
    .orderBy('row.id', 'ASC')
    .limit(size + 1)
    .getMany();
  const page = rows.slice(0, size);
  return {
    edges: page.map((row) => ({ cursor: encodeCursor(row.id), node: { key: row.key, reason: row.reason, record: row.record } })),
    pageInfo: { hasNextPage: rows.length > size, endCursor: page.length ? encodeCursor(page[page.length - 1].id) : null },
    totalCount,
  };
}
