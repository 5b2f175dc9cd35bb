import type { DataSource } from 'typeorm';
import { NotificationDelivery } from '../../entities';
import { decodeCursor, encodeCursor, pageSize } from '../shared/cursor';
import type { NotificationDeliveryPage } from './delivery-page.type';

/** Deliveries of one rule (or of every rule), newest first. */
export async function deliveriesPage(db: DataSource, ruleId: string | null, first: number, after?: string | null): Promise<NotificationDeliveryPage> {
  const size = pageSize(first);
  const before = decodeCursor(after);
  const query = db.getRepository(NotificationDelivery).createQueryBuilder('delivery');
  if (ruleId) query.where('delivery.rule_id = :ruleId', { ruleId });
  const totalCount = await query.clone().getCount();
  if (before !== null) query.andWhere('delivery.seq < :before', { before });
  const deliveries = await query
    .orderBy('delivery.seq', 'DESC')
    .limit(size + 1)
    .getMany();
  const page = deliveries.slice(0, size);
  return {
    edges: page.map((node) => ({ cursor: encodeCursor(node.seq), node })),
    pageInfo: { hasNextPage: deliveries.length > size, endCursor: page.length ? encodeCursor(page[page.length - 1].seq) : null },
    totalCount,
  };
}
