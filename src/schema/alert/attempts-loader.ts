import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { NotificationAttempt } from '../../entities';
import type { GraphQLContext } from '../context';

const loaders = new WeakMap<GraphQLContext['loaders'], DataLoader<string, NotificationAttempt[]>>();

/** The attempts of every delivery an operation lists, in one query per batch (one loader per operation). */
export function attemptsLoader({ ferry, loaders: operation }: GraphQLContext): DataLoader<string, NotificationAttempt[]> {
  let loader = loaders.get(operation);
  if (!loader) {
    loader = new DataLoader<string, NotificationAttempt[]>(
      async (deliveryIds) => {
        const attempts = await ferry.db
          .getRepository(NotificationAttempt)
          .find({ where: { deliveryId: In([...deliveryIds]) }, order: { id: 'ASC' } });
        const byDelivery = new Map<string, NotificationAttempt[]>(deliveryIds.map((id) => [id, []]));
        for (const attempt of attempts) byDelivery.get(attempt.deliveryId)?.push(attempt);
        return deliveryIds.map((id) => byDelivery.get(id)!);
      },
      { cache: false, maxBatchSize: ferry.config.FERRY_LOADER_MAX_BATCH },
    );
    loaders.set(operation, loader);
  }
  return loader;
}
