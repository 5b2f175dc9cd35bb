import type { StatementRegistry, FakeStatement } from './statements';

const statusUrl = (statement: FakeStatement) => `/api/v2/statements/${statement.handle}?requestId=${statement.requestId}`;

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Compress with gzip when the client accepts it. */
  gzip?: boolean;
}

/** The reply for a statement's current status, as POST /api/v2/statements and GET …/{handle} give it. */
export function statementReply(registry: StatementRegistry, statement: FakeStatement, partition = 0, now = Date.now()): Reply {
  const status = registry.status(statement, now);
  const base = { statementHandle: statement.handle, statementStatusUrl: statusUrl(statement) };
  switch (status) {
    case 'running':
      return inProgressReply(statement);
    case 'timedOut':
      return {
        status: 408,
        body: {
          code: '000630',
          sqlState: '57014',
          message: `Statement reached its statement or warehouse timeout of ${statement.timeoutSeconds} second(s) and was canceled.`,
          ...base,
          createdOn: statement.createdOn,
        },
      };
    case 'cancelled':
      return { status: 422, body: { code: '000604', sqlState: '57014', message: 'SQL execution canceled', ...base, createdOn: statement.createdOn } };
    case 'failed': {
      const failure = statement.failure ?? statement.plan!.readFailure!;
      return {
        status: 422,
        body: { code: failure.code, sqlState: failure.sqlState, message: failure.message, ...base, createdOn: statement.createdOn },
      };
    }
    case 'succeeded':
      return resultReply(statement, partition);
  }
}

/** 202: the statement is (still) executing; its handle and where to poll it. */
export function inProgressReply(statement: FakeStatement): Reply {
  return {
    status: 202,
    body: {
      code: '333334',
      message: 'Asynchronous execution in progress. Use provided query id to perform query monitoring and management.',
      statementHandle: statement.handle,
      statementStatusUrl: statusUrl(statement),
    },
  };
}

function rowsOf(statement: FakeStatement, partition: number): Array<Array<string | null>> {
  const [start, count] = statement.partitions[partition];
  const rows: Array<Array<string | null>> = new Array(count);
  for (let i = 0; i < count; i += 1) rows[i] = statement.plan!.row(start + i);
  return rows;
}

function resultReply(statement: FakeStatement, partition: number): Reply {
  const plan = statement.plan!;
  if (partition < 0 || partition >= statement.partitions.length) {
    return {
      status: 422,
      body: {
        code: '000709',
        sqlState: '02000',
        message: `Partition ${partition} of statement ${statement.handle} not found`,
        statementHandle: statement.handle,
      },
    };
  }
  // Partitions after the first carry only their rows (and come gzip-compressed to clients that accept it).
  if (partition > 0) return { status: 200, body: { data: rowsOf(statement, partition) }, gzip: true };
  const data = rowsOf(statement, 0);
  const rowBytes = data.length > 0 ? JSON.stringify(data[0]).length + 1 : 0;
  return {
    status: 200,
    body: {
      resultSetMetaData: {
        numRows: plan.rowCount,
        format: 'jsonv2',
        partitionInfo: statement.partitions.map(([, count]) => ({
          rowCount: count,
          uncompressedSize: count * rowBytes + 2,
          compressedSize: Math.ceil((count * rowBytes + 2) / 4),
        })),
        rowType: plan.columns,
      },
      data,
      code: '090001',
      statementStatusUrl: statusUrl(statement),
      requestId: statement.requestId,
      sqlState: '00000',
      statementHandle: statement.handle,
      message: 'Statement executed successfully.',
      createdOn: statement.createdOn,
    },
  };
}
