import { TokenStream, tokenize, type SqlToken } from './sql-text';

/** The statements the fake understands (see README "Query layer"). */
export type Statement =
  | { kind: 'set' }
  | { kind: 'begin' }
  | { kind: 'commit' }
  | { kind: 'rollback'; ifOpen: boolean }
  | { kind: 'waitfor'; milliseconds: number }
  | { kind: 'select'; select: SelectStatement }
  /** INSERT, UPDATE, DELETE, CREATE…: recognised (so a describe can say "no result set") but never run. */
  | { kind: 'other'; verb: string };

export type Operand =
  { kind: 'column'; name: string } | { kind: 'string'; value: string } | { kind: 'number'; value: number } | { kind: 'param'; name: string };

export interface SelectItem {
  /** `*`, a column, or a constant. */
  expression: { kind: 'star' } | Operand;
  alias?: string;
}

export interface SelectStatement {
  top?: Operand;
  items: SelectItem[];
  from?: { schema?: string; name: string };
  /** `a + '.' + b LIKE pattern` or `a = value`. */
  where?: { left: Operand[]; operator: 'like' | '='; right: Operand };
  orderBy: Array<{ name: string; descending: boolean }>;
}

const otherVerbs = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE', 'CREATE', 'DROP', 'ALTER', 'TRUNCATE', 'EXEC', 'EXECUTE', 'GRANT', 'DECLARE']);

function operand(tokens: TokenStream): Operand {
  const token = tokens.peek();
  if (token?.kind === 'string') {
    tokens.next();
    return { kind: 'string', value: token.text };
  }
  if (token?.kind === 'number') {
    tokens.next();
    return { kind: 'number', value: Number(token.text) };
  }
  if (token?.kind === 'param') {
    tokens.next();
    return { kind: 'param', name: token.text };
  }
  return { kind: 'column', name: qualifiedTail(tokens) };
}

/** `a.b.c` → c (the fake resolves columns by name only). */
function qualifiedTail(tokens: TokenStream): string {
  let name = tokens.identifier();
  while (tokens.acceptSymbol('.')) name = tokens.identifier();
  return name;
}

function select(tokens: TokenStream): SelectStatement {
  const statement: SelectStatement = { items: [], orderBy: [] };
  if (tokens.acceptWord('TOP')) {
    if (tokens.acceptSymbol('(')) {
      statement.top = operand(tokens);
      tokens.expectSymbol(')');
    } else {
      statement.top = operand(tokens);
    }
  }
  do {
    if (tokens.acceptSymbol('*')) {
      statement.items.push({ expression: { kind: 'star' } });
      continue;
    }
    const item: SelectItem = { expression: operand(tokens) };
    if (tokens.acceptWord('AS')) item.alias = tokens.identifier();
    else if (tokens.peek()?.kind === 'quoted') item.alias = tokens.identifier();
    statement.items.push(item);
  } while (tokens.acceptSymbol(','));
  if (tokens.acceptWord('FROM')) {
    const first = tokens.identifier();
    const parts = [first];
    while (tokens.acceptSymbol('.')) parts.push(tokens.identifier());
    if (parts.length > 3) tokens.fail();
    statement.from = parts.length === 1 ? { name: parts[0] } : { schema: parts[parts.length - 2], name: parts[parts.length - 1] };
    if (tokens.acceptWord('WHERE')) {
      const left = [operand(tokens)];
      while (tokens.acceptSymbol('+')) left.push(operand(tokens));
      const operator = tokens.acceptWord('LIKE') ? 'like' : (tokens.expectSymbol('='), '=');
      statement.where = { left, operator, right: operand(tokens) };
    }
    if (tokens.acceptWord('ORDER')) {
      tokens.expectWord('BY');
      do {
        const name = qualifiedTail(tokens);
        const descending = tokens.acceptWord('DESC');
        if (!descending) tokens.acceptWord('ASC');
        statement.orderBy.push({ name, descending });
      } while (tokens.acceptSymbol(','));
    }
  }
  return statement;
}

function waitFor(tokens: TokenStream): number {
  tokens.expectWord('DELAY');
  const token = tokens.next();
  const match = token.kind === 'string' ? /^(\d\d):(\d\d):(\d\d)(?:\.(\d{1,3}))?$/.exec(token.text) : null;
  if (!match) throw Object.assign(new Error(`Syntax error converting datetime from character string.`), { number: 241 });
  const [, hours, minutes, seconds, millis = '0'] = match;
  return ((Number(hours) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000 + Number(millis.padEnd(3, '0'));
}

function statement(tokens: TokenStream): Statement {
  const first = tokens.peek() as SqlToken;
  const verb = first.kind === 'word' ? first.text.toUpperCase() : '';
  if (verb === 'SET') {
    tokens.next();
    // SET <option> <value>[, …]: the value may be a word, number, string or ON/OFF.
    tokens.next();
    while (!tokens.done() && !startsStatement(tokens.peek() as SqlToken)) tokens.next();
    return { kind: 'set' };
  }
  if (verb === 'BEGIN') {
    tokens.next();
    if (!tokens.acceptWord('TRAN')) tokens.expectWord('TRANSACTION');
    return { kind: 'begin' };
  }
  if (verb === 'COMMIT' || verb === 'ROLLBACK') {
    tokens.next();
    if (!tokens.acceptWord('TRAN')) tokens.acceptWord('TRANSACTION');
    return verb === 'COMMIT' ? { kind: 'commit' } : { kind: 'rollback', ifOpen: false };
  }
  if (verb === 'IF') {
    // Only `IF @@TRANCOUNT > 0 ROLLBACK [TRANSACTION]`.
    tokens.next();
    const variable = tokens.next();
    if (variable.kind !== 'param' || variable.text.toUpperCase() !== '@@TRANCOUNT') tokens.fail();
    tokens.expectSymbol('>');
    if (tokens.next().text !== '0') tokens.fail();
    tokens.expectWord('ROLLBACK');
    if (!tokens.acceptWord('TRAN')) tokens.acceptWord('TRANSACTION');
    return { kind: 'rollback', ifOpen: true };
  }
  if (verb === 'WAITFOR') {
    tokens.next();
    return { kind: 'waitfor', milliseconds: waitFor(tokens) };
  }
  if (verb === 'SELECT') {
    tokens.next();
    return { kind: 'select', select: select(tokens) };
  }
  if (otherVerbs.has(verb)) {
    tokens.next();
    while (!tokens.done() && !tokens.acceptSymbol(';')) tokens.next();
    return { kind: 'other', verb };
  }
  tokens.fail();
}

function startsStatement(token: SqlToken): boolean {
  return token.kind === 'word' && ['SET', 'BEGIN', 'COMMIT', 'ROLLBACK', 'IF', 'WAITFOR', 'SELECT'].includes(token.text.toUpperCase());
}

/** Splits and parses a batch; throws SqlSyntaxError (SQL Server's 102) where the fake's grammar stops. */
export function parseBatch(sql: string): Statement[] {
  const tokens = new TokenStream(tokenize(sql));
  const statements: Statement[] = [];
  while (!tokens.done()) {
    if (tokens.acceptSymbol(';')) continue;
    statements.push(statement(tokens));
    if (!tokens.done() && !tokens.acceptSymbol(';') && !startsStatement(tokens.peek() as SqlToken)) tokens.fail();
  }
  return statements;
}
