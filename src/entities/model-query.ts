import type { ModelQuery } from '../plugins/contract';
import type { Model } from './model';
import { parseTableName } from './table-name';

/** What a stored model asks its source to read: its SQL, or its table. */
export function modelQuery(model: Pick<Model, 'sql' | 'table'>): ModelQuery {
  if (model.table !== null) return { kind: 'table', table: parseTableName(model.table) };
  return { kind: 'sql', sql: model.sql ?? '' };
}
