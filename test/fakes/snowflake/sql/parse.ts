import type { Expr, Select, SelectItem, Source } from './ast';
import { SyntaxError, tokenize, type Token } from './tokens';

/** Reserved words that end an expression or a select item (so they are not read as an alias). */
const CLAUSE_WORDS = new Set(['FROM', 'WHERE', 'ORDER', 'LIMIT', 'AS', 'AND', 'OR', 'BY', 'ASC', 'DESC', 'UNION', 'GROUP', 'HAVING', 'JOIN', 'ON']);

/**
 * Parses the one statement form the fake runs:
 * SELECT items [FROM table | (subquery) | TABLE(GENERATOR(ROWCOUNT => n))] [WHERE expr] [ORDER BY exprs] [LIMIT n].
 * Unquoted identifiers are upper-cased, as Snowflake resolves them. Anything else is a SyntaxError worded as Snowflake's.
 */
export function parseSelect(sql: string): Select {
  let parser: Parser;
  try {
    parser = new Parser(tokenize(sql), sql);
  } catch (error) {
    if (error instanceof SyntaxError) throw new SyntaxError(error.position, error.near, sql);
    throw error;
  }
  parser.skipSemicolons();
  const select = parser.select();
  parser.skipSemicolons();
  parser.expectEnd();
  return select;
}

class Parser {
  private index = 0;
  private bindings = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly sql = '',
  ) {}

  private get token(): Token {
    return this.tokens[this.index];
  }

  private fail(): never {
    const token = this.token;
    const near =
      token.kind === 'end'
        ? '<EOF>'
        : token.kind === 'word'
          ? token.text
          : token.kind === 'symbol'
            ? token.text
            : token.kind === 'quoted'
              ? `"${token.text}"`
              : `'${token.text}'`;
    throw new SyntaxError(token.position, near, this.sql);
  }

  private isWord(...words: string[]): boolean {
    const token = this.token;
    return token.kind === 'word' && words.includes(token.upper);
  }

  private isSymbol(...symbols: string[]): boolean {
    const token = this.token;
    return token.kind === 'symbol' && symbols.includes(token.text);
  }

  private word(expected: string): void {
    if (!this.isWord(expected)) this.fail();
    this.index += 1;
  }

  private symbol(expected: string): void {
    if (!this.isSymbol(expected)) this.fail();
    this.index += 1;
  }

  skipSemicolons(): void {
    while (this.isSymbol(';')) this.index += 1;
  }

  expectEnd(): void {
    if (this.token.kind !== 'end') this.fail();
  }

  select(): Select {
    this.word('SELECT');
    const items: SelectItem[] = [this.item()];
    while (this.isSymbol(',')) {
      this.index += 1;
      items.push(this.item());
    }
    const select: Select = { items };
    if (this.isWord('FROM')) {
      this.index += 1;
      select.from = this.source();
    }
    if (this.isWord('WHERE')) {
      this.index += 1;
      select.where = this.expr();
    }
    if (this.isWord('ORDER')) {
      this.index += 1;
      this.word('BY');
      select.orderBy = [this.expr()];
      if (this.isWord('ASC')) this.index += 1;
      while (this.isSymbol(',')) {
        this.index += 1;
        select.orderBy.push(this.expr());
        if (this.isWord('ASC')) this.index += 1;
      }
    }
    if (this.isWord('LIMIT')) {
      this.index += 1;
      const token = this.token;
      if (token.kind !== 'number' || token.text.includes('.')) this.fail();
      select.limit = Number(token.text);
      this.index += 1;
    }
    return select;
  }

  private item(): SelectItem {
    if (this.isSymbol('*')) {
      this.index += 1;
      return { expr: '*' };
    }
    const expr = this.expr();
    if (this.isWord('AS')) {
      this.index += 1;
      return { expr, alias: this.identifier() };
    }
    const token = this.token;
    if (token.kind === 'quoted' || (token.kind === 'word' && !CLAUSE_WORDS.has(token.upper))) return { expr, alias: this.identifier() };
    return { expr };
  }

  private identifier(): string {
    const token = this.token;
    if (token.kind === 'quoted') {
      this.index += 1;
      return token.text;
    }
    if (token.kind === 'word') {
      this.index += 1;
      return token.upper;
    }
    return this.fail();
  }

  private source(): Source {
    if (this.isSymbol('(')) {
      this.index += 1;
      const query = this.select();
      this.symbol(')');
      return { kind: 'subquery', query };
    }
    if (this.isWord('TABLE') && this.tokens[this.index + 1]?.kind === 'symbol') {
      this.index += 1;
      this.symbol('(');
      this.word('GENERATOR');
      this.symbol('(');
      this.word('ROWCOUNT');
      this.symbol('=>');
      const token = this.token;
      if (token.kind !== 'number' || token.text.includes('.')) this.fail();
      this.index += 1;
      this.symbol(')');
      this.symbol(')');
      return { kind: 'generator', rowCount: Number(token.text) };
    }
    const start = this.token.position;
    const parts = [this.identifier()];
    while (this.isSymbol('.')) {
      this.index += 1;
      parts.push(this.identifier());
    }
    if (parts.length > 3) this.fail();
    return { kind: 'table', parts, position: start, text: parts.join('.') };
  }

  expr(): Expr {
    let left = this.and();
    while (this.isWord('OR')) {
      this.index += 1;
      left = { kind: 'binary', op: 'OR', left, right: this.and() };
    }
    return left;
  }

  private and(): Expr {
    let left = this.comparison();
    while (this.isWord('AND')) {
      this.index += 1;
      left = { kind: 'binary', op: 'AND', left, right: this.comparison() };
    }
    return left;
  }

  private comparison(): Expr {
    const left = this.additive();
    if (this.isSymbol('=', '<>', '!=', '<', '>', '<=', '>=')) {
      const op = (this.token as { text: string }).text;
      this.index += 1;
      return { kind: 'binary', op: op === '!=' ? '<>' : op, left, right: this.additive() };
    }
    return left;
  }

  private additive(): Expr {
    let left = this.term();
    while (this.isSymbol('+', '-', '||')) {
      const op = (this.token as { text: string }).text;
      this.index += 1;
      left = { kind: 'binary', op, left, right: this.term() };
    }
    return left;
  }

  private term(): Expr {
    let left = this.postfix();
    while (this.isSymbol('*', '/', '%')) {
      const op = (this.token as { text: string }).text;
      this.index += 1;
      left = { kind: 'binary', op, left, right: this.postfix() };
    }
    return left;
  }

  private postfix(): Expr {
    let expr = this.primary();
    while (this.isSymbol('::')) {
      this.index += 1;
      expr = { kind: 'cast', expr, type: this.identifier() };
    }
    return expr;
  }

  private primary(): Expr {
    const token = this.token;
    if (token.kind === 'number') {
      this.index += 1;
      return { kind: 'number', text: token.text };
    }
    if (token.kind === 'string') {
      this.index += 1;
      return { kind: 'string', value: token.text };
    }
    if (token.kind === 'symbol' && token.text === '?') {
      this.index += 1;
      this.bindings += 1;
      return { kind: 'binding', index: this.bindings };
    }
    if (token.kind === 'symbol' && token.text === '(') {
      this.index += 1;
      const inner = this.expr();
      this.symbol(')');
      return inner;
    }
    if (token.kind === 'symbol' && token.text === '-') {
      this.index += 1;
      return { kind: 'binary', op: '-', left: { kind: 'number', text: '0' }, right: this.postfix() };
    }
    if (token.kind === 'word' && (token.upper === 'TRUE' || token.upper === 'FALSE')) {
      this.index += 1;
      return { kind: 'boolean', value: token.upper === 'TRUE' };
    }
    if (token.kind === 'word' && token.upper === 'NULL') {
      this.index += 1;
      return { kind: 'null' };
    }
    if (token.kind === 'word' && CLAUSE_WORDS.has(token.upper)) this.fail();
    if (token.kind === 'word' && this.tokens[this.index + 1]?.kind === 'symbol' && (this.tokens[this.index + 1] as { text: string }).text === '(') {
      this.index += 2;
      const args: Expr[] = [];
      if (!this.isSymbol(')')) {
        args.push(this.argument());
        while (this.isSymbol(',')) {
          this.index += 1;
          args.push(this.argument());
        }
      }
      this.symbol(')');
      return { kind: 'call', name: token.upper, args, position: token.position };
    }
    if (token.kind === 'word' || token.kind === 'quoted') {
      return { kind: 'column', name: this.identifier(), position: token.position };
    }
    return this.fail();
  }

  /** A function argument: an expression, or a date part keyword such as DAY (read as a string). */
  private argument(): Expr {
    const next = this.tokens[this.index + 1];
    if (this.isWord('DAY', 'DAYS', 'HOUR', 'MINUTE', 'SECOND') && next?.kind === 'symbol' && next.text === ',') {
      const token = this.token as { upper: string };
      this.index += 1;
      return { kind: 'string', value: token.upper };
    }
    return this.expr();
  }
}
