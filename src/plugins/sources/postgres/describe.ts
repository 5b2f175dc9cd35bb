import type { ClientBase, Connection, FieldDef, Submittable } from 'pg';

/** What PostgreSQL says a statement would return, learned without running it. */
export interface StatementShape {
  /** The result columns; null when the statement returns no rows at all (INSERT, SET, …). */
  fields: FieldDef[] | null;
  /** How many `$n` parameters the statement expects. */
  parameterCount: number;
}

/**
 * Parse + Describe (statement) + Sync on the unnamed statement: the server analyses the SQL and answers with
 * its parameters and result columns, but never plans or executes it, so no row is read and no function runs.
 */
class DescribeStatement implements Submittable {
  readonly shape: Promise<StatementShape>;
  private settle!: { resolve: (shape: StatementShape) => void; reject: (error: Error) => void };
  private connection: Connection | null = null;
  private fields: FieldDef[] | null = null;
  private parameterCount = 0;

  constructor(private readonly text: string) {
    this.shape = new Promise((resolve, reject) => {
      this.settle = { resolve, reject };
    });
  }

  // The client routes RowDescription, ErrorResponse and ReadyForQuery to the active query, but not
  // ParameterDescription, so that one is heard on the connection itself.
  private readonly onParameters = (message: { parameterCount: number }): void => {
    this.parameterCount = message.parameterCount;
  };

  submit(connection: Connection): void {
    this.connection = connection;
    connection.on('parameterDescription', this.onParameters);
    connection.parse({ name: '', text: this.text, types: [] }, true);
    connection.describe({ type: 'S' }, true);
    connection.sync();
  }

  handleRowDescription(message: { fields: FieldDef[] }): void {
    this.fields = message.fields;
  }

  handleReadyForQuery(): void {
    this.detach();
    this.settle.resolve({ fields: this.fields, parameterCount: this.parameterCount });
  }

  handleError(error: Error): void {
    this.detach();
    this.settle.reject(error);
  }

  // Never sent in reply to Parse/Describe; present because the client may route any message to its active query.
  handleDataRow(): void {}
  handleCommandComplete(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}

  private detach(): void {
    this.connection?.removeListener('parameterDescription', this.onParameters);
  }
}

/** The parameters and result columns of `sql`, without executing it. Rejects with the server's error when the SQL is invalid. */
export function describeStatement(client: ClientBase, sql: string): Promise<StatementShape> {
  return client.query(new DescribeStatement(sql)).shape;
}
