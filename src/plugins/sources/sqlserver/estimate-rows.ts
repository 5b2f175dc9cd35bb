import type { ModelQuery, PluginContext } from '../../contract';
import type { Dialect, TdsConfig } from './config';
import { quoteIdentifier } from './model-sql';
import { Session } from './session';

/**
 * A table model's row count from `sp_spaceused` (SQL Server's metadata, no row read); null for SQL models (their
 * count would need the query planned, which needs SHOWPLAN permission) and whenever the lookup fails: an estimate
 * only feeds progress, so it never fails a run.
 */
export async function estimateRows(config: TdsConfig, dialect: Dialect, query: ModelQuery, ctx: PluginContext): Promise<number | null> {
  if (query.kind !== 'table') return null;
  const { schema, name } = query.table;
  const objectName = schema ? `${quoteIdentifier(schema)}.${quoteIdentifier(name)}` : quoteIdentifier(name);
  let session: Session | null = null;
  try {
    session = await Session.open(config, dialect, ctx);
    let rows: number | null = null;
    await session.procedure('sp_spaceused', [{ name: 'objname', value: objectName }], {
      onRow: (row) => {
        const count = Number(String(row.find((cell) => cell.metadata.colName === 'rows')?.value ?? '').trim());
        if (Number.isFinite(count)) rows = count;
      },
    });
    return rows;
  } catch (error) {
    ctx.signal.throwIfAborted();
    ctx.logger.debug(`${dialect.product}: no row estimate`, { message: (error as Error).message });
    return null;
  } finally {
    session?.close();
  }
}
