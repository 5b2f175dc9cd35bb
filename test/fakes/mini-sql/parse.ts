/**
 * The tiny SELECT dialect the warehouse fakes (Databricks, Elasticsearch) understand. Each fake turns a
 * SqlSyntaxError into its own service's parse error body. Grammar (keywords in any case):
 *
 *   [DESCRIBE [QUERY]] SELECT item, … [FROM source] [WHERE cond AND …] [ORDER BY expr [ASC|DESC], …] [LIMIT n]
 *   item   := * | expr [[AS] alias]
 *   source := name[.name[.name]] | function(args)
 *   cond   := expr (= | <> | != | LIKE) expr
 *   expr   := column[.column…] | 'text' | number | :param | function(expr, …)
 *
 * Identifiers are bare or quoted with the dialect's quote character (a doubled quote escapes itself).
 */
export interface Dialect {
  /** ` for Databricks, " for Elasticsearch. */
  quote: '`' | '"';
  /** Whether `-` may appear inside a bare identifier (Elasticsearch index names such as my-index). */
  dashInNames?: boolean;
}

export type Expr =
  | { kind: 'column'; path: string[] }
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'param'; name: string }
  | { kind: 'call'; name: string; args: Expr[] };

export type SelectItem = { kind: 'star' } | { kind: 'expr'; expr: Expr; alias: string | null; text: string };
export type Source = { kind: 'table'; path: string[] } | { kind: 'function'; name: string; args: Expr[] };
export interface Condition {
  left: Expr;
  op: '=' | '<>' | 'LIKE';
  right: Expr;
}
export interface Select {
  items: SelectItem[];
  from: Source | null;
  where: Condition[];
  orderBy: Array<{ expr: Expr; desc: boolean }>;
  limit: number | null;
}
export interface Statement {
  describe: boolean;
  select: Select;
}

export class SqlSyntaxError extends Error {
  constructor(
    /** The token the parser stopped at ('<EOF>' at the end). */
    readonly near: string,
    readonly line: number,
    /** 0-based position in the line. */
    readonly column: number,
    readonly expected: string,
  ) {
    super(`syntax error at or near '${near}' (line ${line}, pos ${column}): expected ${expected}`);
  }
}

interface Token {
  kind: 'word' | 'quoted' | 'string' | 'number' | 'param' | 'symbol' | 'eof';
  text: string;
  offset: number;
}

function tokenize(sql: string, dialect: Dialect): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const bareStart = /[A-Za-z_]/;
  const bare = dialect.dashInNames ? /[A-Za-z0-9_\-*]/ : /[A-Za-z0-9_]/;
  while (i < sql.length) {
    const char = sql[i];
    if (/\s/.test(char)) {
      i += 1;
    } else if (char === '-' && sql[i + 1] === '-') {
      while (i < sql.length && sql[i] !== '\n') i += 1;
    } else if (char === "'" || char === dialect.quote) {
      const start = i;
      let value = '';
      i += 1;
      for (;;) {
        if (i >= sql.length) throw syntaxAt(sql, start, char, 'a closing quote');
        if (sql[i] === char && sql[i + 1] === char) {
          value += char;
          i += 2;
        } else if (sql[i] === char) {
          i += 1;
          break;
        } else {
          value += sql[i];
          i += 1;
        }
      }
      tokens.push({ kind: char === "'" ? 'string' : 'quoted', text: value, offset: start });
    } else if (/[0-9]/.test(char)) {
      const start = i;
      while (i < sql.length && /[0-9.]/.test(sql[i])) i += 1;
      tokens.push({ kind: 'number', text: sql.slice(start, i), offset: start });
    } else if (char === ':' && bareStart.test(sql[i + 1] ?? '')) {
      const start = i;
      i += 1;
      while (i < sql.length && /[A-Za-z0-9_]/.test(sql[i])) i += 1;
      tokens.push({ kind: 'param', text: sql.slice(start + 1, i), offset: start });
    } else if (bareStart.test(char) || (dialect.dashInNames && char === '*' && tokens.at(-1)?.text.toUpperCase() === 'FROM')) {
      const start = i;
      while (i < sql.length && bare.test(sql[i])) i += 1;
      tokens.push({ kind: 'word', text: sql.slice(start, i), offset: start });
    } else if (sql.startsWith('<>', i) || sql.startsWith('!=', i)) {
      tokens.push({ kind: 'symbol', text: '<>', offset: i });
      i += 2;
    } else if ('(),.*=;'.includes(char)) {
      tokens.push({ kind: 'symbol', text: char, offset: i });
      i += 1;
    } else {
      throw syntaxAt(sql, i, char, 'a valid token');
    }
  }
  tokens.push({ kind: 'eof', text: '<EOF>', offset: sql.length });
  return tokens;
}

function syntaxAt(sql: string, offset: number, near: string, expected: string): SqlSyntaxError {
  const before = sql.slice(0, offset).split('\n');
  return new SqlSyntaxError(near, before.length, before[before.length - 1].length, expected);
}

const reserved = new Set(['SELECT', 'FROM', 'WHERE', 'ORDER', 'BY', 'LIMIT', 'AND', 'AS', 'ASC', 'DESC', 'LIKE', 'DESCRIBE', 'QUERY']);

class Parser {
  private index = 0;
  constructor(
    private readonly sql: string,
    private readonly tokens: Token[],
  ) {}

  private get token(): Token {
    return this.tokens[this.index];
  }

  private fail(expected: string): never {
    throw syntaxAt(this.sql, this.token.offset, this.token.text, expected);
  }

  private isKeyword(word: string): boolean {
    return this.token.kind === 'word' && this.token.text.toUpperCase() === word;
  }

  private accept(word: string): boolean {
    if (this.isKeyword(word) || (this.token.kind === 'symbol' && this.token.text === word)) {
      this.index += 1;
      return true;
    }
    return false;
  }

  private expect(word: string): void {
    if (!this.accept(word)) this.fail(`'${word}'`);
  }

  private name(): string {
    const { kind, text } = this.token;
    if (kind === 'quoted' || (kind === 'word' && !reserved.has(text.toUpperCase()))) {
      this.index += 1;
      return text;
    }
    return this.fail('an identifier');
  }

  statement(): Statement {
    let describe = false;
    if (this.accept('DESCRIBE') || this.accept('DESC')) {
      describe = true;
      this.accept('QUERY');
    }
    const select = this.select();
    while (this.accept(';'));
    if (this.token.kind !== 'eof') this.fail('end of input');
    return { describe, select };
  }

  private select(): Select {
    this.expect('SELECT');
    const items: SelectItem[] = [];
    do items.push(this.item());
    while (this.accept(','));
    let from: Source | null = null;
    if (this.accept('FROM')) from = this.source();
    const where: Condition[] = [];
    if (this.accept('WHERE')) {
      do where.push(this.condition());
      while (this.accept('AND'));
    }
    const orderBy: Select['orderBy'] = [];
    if (this.accept('ORDER')) {
      this.expect('BY');
      do {
        const expr = this.expr();
        const desc = this.accept('DESC');
        if (!desc) this.accept('ASC');
        orderBy.push({ expr, desc });
      } while (this.accept(','));
    }
    let limit: number | null = null;
    if (this.accept('LIMIT')) {
      if (this.token.kind !== 'number') this.fail('a number');
      limit = Number(this.token.text);
      this.index += 1;
    }
    return { items, from, where, orderBy, limit };
  }

  private item(): SelectItem {
    if (this.accept('*')) return { kind: 'star' };
    const start = this.token.offset;
    const expr = this.expr();
    const text = this.sql.slice(start, this.token.offset).trim();
    let alias: string | null = null;
    if (this.accept('AS') || this.token.kind === 'quoted' || (this.token.kind === 'word' && !reserved.has(this.token.text.toUpperCase()))) {
      alias = this.name();
    }
    return { kind: 'expr', expr, alias, text };
  }

  private source(): Source {
    const path = [this.name()];
    if (this.accept('(')) return { kind: 'function', name: path[0].toLowerCase(), args: this.args() };
    while (this.accept('.')) path.push(this.name());
    return { kind: 'table', path };
  }

  private args(): Expr[] {
    const args: Expr[] = [];
    if (this.accept(')')) return args;
    do args.push(this.expr());
    while (this.accept(','));
    this.expect(')');
    return args;
  }

  private condition(): Condition {
    const left = this.expr();
    let op: Condition['op'];
    if (this.accept('=')) op = '=';
    else if (this.accept('<>')) op = '<>';
    else if (this.accept('LIKE')) op = 'LIKE';
    else return this.fail("'=', '<>' or LIKE");
    return { left, op, right: this.expr() };
  }

  private expr(): Expr {
    const { kind, text } = this.token;
    if (kind === 'string') {
      this.index += 1;
      return { kind: 'string', value: text };
    }
    if (kind === 'number') {
      this.index += 1;
      return { kind: 'number', value: Number(text) };
    }
    if (kind === 'param') {
      this.index += 1;
      return { kind: 'param', name: text };
    }
    const first = this.name();
    if (this.accept('(')) return { kind: 'call', name: first.toLowerCase(), args: this.args() };
    const path = [first];
    while (this.accept('.')) path.push(this.name());
    return { kind: 'column', path };
  }
}

/** Parses one statement; throws SqlSyntaxError where it stops making sense. */
export function parseSql(sql: string, dialect: Dialect): Statement {
  return new Parser(sql, tokenize(sql, dialect)).statement();
}

/** SQL LIKE: % any run, _ any one character, a backslash escapes the next character; case-sensitive. */
export function like(value: string, pattern: string): boolean {
  let regex = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const char = pattern[i];
    if (char === '\\' && i + 1 < pattern.length) regex += pattern[++i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (char === '%') regex += '.*';
    else if (char === '_') regex += '.';
    else regex += char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${regex}$`, 's').test(value);
}
