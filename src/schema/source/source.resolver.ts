import { Model, Source } from '../../entities';
import { connectionResolver } from '../shared/connection.resolver';

export const SourceResolver = connectionResolver({
  entity: Source,
  label: 'Source',
  plugin: (ferry, type, field) => ferry.registry.source(type, field),
  users: (ferry, id) => ferry.db.getRepository(Model).find({ where: { sourceId: id }, select: { id: true, name: true } }),
  userKind: 'model',
});
