/** A T-SQL tokenizer for the fake's small statement set: identifiers ([x]]y], "x", bare), @params, numbers, N'strings', symbols. */

export type TokenKind = 'word' | 'quoted' | 'param' | 'number' | 'string' | 'symbol';

export interface SqlToken {
  kind: TokenKind;
  /** The identifier's name without brackets, the string's value, or the symbol itself. */
  text: string;
  /** As written, for error messages. */
  raw: string;
}

/** Reserved keywords: SQL Server says "near the keyword 'FROM'" for these and "near 'x'" for anything else. */
export const reserved = new Set([
  'ADD',
  'ALL',
  'ALTER',
  'AND',
  'AS',
  'ASC',
  'BEGIN',
  'BETWEEN',
  'BY',
  'CASE',
  'COMMIT',
  'CREATE',
  'DELETE',
  'DESC',
  'DISTINCT',
  'DROP',
  'ELSE',
  'END',
  'EXEC',
  'EXECUTE',
  'FROM',
  'GROUP',
  'HAVING',
  'IF',
  'IN',
  'INSERT',
  'INTO',
  'IS',
  'JOIN',
  'LIKE',
  'NOT',
  'NULL',
  'ON',
  'OR',
  'ORDER',
  'ROLLBACK',
  'SELECT',
  'SET',
  'TABLE',
  'TOP',
  'TRAN',
  'TRANSACTION',
  'TRUNCATE',
  'UNION',
  'UPDATE',
  'VALUES',
  'WAITFOR',
  'WHERE',
  'WITH',
]);

export class SqlSyntaxError extends Error {
  constructor(
    readonly near: SqlToken | null,
    readonly last: SqlToken | null,
  ) {
    const token = near ?? last;
    super(
      !token
        ? "Incorrect syntax near ''."
        : token.kind === 'word' && reserved.has(token.text.toUpperCase())
          ? `Incorrect syntax near the keyword '${token.text}'.`
          : `Incorrect syntax near '${token.kind === 'string' ? token.text : token.raw}'.`,
    );
  }
}

export function tokenize(sql: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  let at = 0;
  const push = (kind: TokenKind, text: string, end: number) => {
    tokens.push({ kind, text, raw: sql.slice(at, end) });
    at = end;
  };
  while (at < sql.length) {
    const char = sql[at];
    if (/\s/.test(char)) {
      at += 1;
      continue;
    }
    if (sql.startsWith('--', at)) {
      const end = sql.indexOf('\n', at);
      at = end < 0 ? sql.length : end;
      continue;
    }
    if (sql.startsWith('/*', at)) {
      const end = sql.indexOf('*/', at + 2);
      at = end < 0 ? sql.length : end + 2;
      continue;
    }
    if (char === '[' || char === '"') {
      const close = char === '[' ? ']' : '"';
      let end = at + 1;
      let name = '';
      for (;;) {
        if (end >= sql.length) throw new SqlSyntaxError(null, { kind: 'symbol', text: sql.slice(at), raw: sql.slice(at) });
        if (sql[end] === close) {
          if (sql[end + 1] === close) {
            name += close;
            end += 2;
            continue;
          }
          break;
        }
        name += sql[end];
        end += 1;
      }
      push('quoted', name, end + 1);
      continue;
    }
    if (char === "'" || ((char === 'N' || char === 'n') && sql[at + 1] === "'")) {
      let end = sql.indexOf("'", at) + 1;
      let value = '';
      for (;;) {
        if (end >= sql.length) throw new SqlSyntaxError(null, { kind: 'symbol', text: sql.slice(at), raw: sql.slice(at) });
        if (sql[end] === "'") {
          if (sql[end + 1] === "'") {
            value += "'";
            end += 2;
            continue;
          }
          break;
        }
        value += sql[end];
        end += 1;
      }
      push('string', value, end + 1);
      continue;
    }
    const param = /^@@?[A-Za-z0-9_#$@]+/.exec(sql.slice(at));
    if (param) {
      push('param', param[0], at + param[0].length);
      continue;
    }
    const word = /^[A-Za-z_#][A-Za-z0-9_#$@]*/.exec(sql.slice(at));
    if (word) {
      push('word', word[0], at + word[0].length);
      continue;
    }
    const number = /^\d+(\.\d+)?/.exec(sql.slice(at));
    if (number) {
      push('number', number[0], at + number[0].length);
      continue;
    }
    const symbol = /^(<>|>=|<=|!=|[,.()*+=<>;-])/.exec(sql.slice(at));
    push('symbol', symbol ? symbol[0] : char, at + (symbol ? symbol[0].length : 1));
  }
  return tokens;
}

/** A cursor over tokens with the helpers a recursive-descent parser needs. */
export class TokenStream {
  private position = 0;
  constructor(private readonly tokens: SqlToken[]) {}

  peek(offset = 0): SqlToken | undefined {
    return this.tokens[this.position + offset];
  }

  next(): SqlToken {
    const token = this.tokens[this.position];
    if (!token) this.fail();
    this.position += 1;
    return token;
  }

  done(): boolean {
    return this.position >= this.tokens.length;
  }

  /** True (and consumed) when the next token is the keyword `word`. */
  acceptWord(word: string): boolean {
    const token = this.peek();
    if (token?.kind === 'word' && token.text.toUpperCase() === word) {
      this.position += 1;
      return true;
    }
    return false;
  }

  acceptSymbol(symbol: string): boolean {
    const token = this.peek();
    if (token?.kind === 'symbol' && token.text === symbol) {
      this.position += 1;
      return true;
    }
    return false;
  }

  expectWord(word: string): void {
    if (!this.acceptWord(word)) this.fail();
  }

  expectSymbol(symbol: string): void {
    if (!this.acceptSymbol(symbol)) this.fail();
  }

  /** An identifier: a bare word that is not reserved, or a [bracketed]/"quoted" one. */
  identifier(): string {
    const token = this.peek();
    if (token && (token.kind === 'quoted' || (token.kind === 'word' && !reserved.has(token.text.toUpperCase())))) {
      this.position += 1;
      return token.text;
    }
    this.fail();
  }

  fail(): never {
    throw new SqlSyntaxError(this.peek() ?? null, this.tokens[this.tokens.length - 1] ?? null);
  }
}
