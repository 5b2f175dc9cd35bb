import { Model, Source } from '../../entities';
import { endpointResolver } from '../shared/endpoint.resolver';

export const SourceResolver = endpointResolver({
  entity: Source,
  label: 'Source',
  plugin: (ferry, type, field) => ferry.registry.source(type, field),
  users: (ferry, id) => ferry.db.getRepository(Model).find({ where: { sourceId: id }, select: { id: true, name: true } }),
  userKind: 'model',
});
