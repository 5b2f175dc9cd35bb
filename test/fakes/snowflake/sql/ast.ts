/** The statements the fake understands, parsed. */
export type Expr =
  | { kind: 'number'; text: string }
  | { kind: 'string'; value: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'column'; name: string; position: number }
  | { kind: 'binding'; index: number }
  | { kind: 'call'; name: string; args: Expr[]; position: number }
  | { kind: 'binary'; op: string; left: Expr; right: Expr }
  | { kind: 'cast'; expr: Expr; type: string };

export interface SelectItem {
  expr: Expr | '*';
  alias?: string;
}

export type Source =
  { kind: 'table'; parts: string[]; position: number; text: string } | { kind: 'generator'; rowCount: number } | { kind: 'subquery'; query: Select };

export interface Select {
  items: SelectItem[];
  from?: Source;
  where?: Expr;
  orderBy?: Expr[];
  limit?: number;
}
