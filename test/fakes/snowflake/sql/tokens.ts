/** Tokens of the statements the fake understands. */
export type Token =
  | { kind: 'word'; text: string; upper: string; position: number }
  | { kind: 'quoted'; text: string; position: number }
  | { kind: 'string'; text: string; position: number }
  | { kind: 'number'; text: string; position: number }
  | { kind: 'symbol'; text: string; position: number }
  | { kind: 'end'; position: number };

/** A statement the fake cannot read: Snowflake's own wording for a syntax error. */
export class SyntaxError extends Error {
  constructor(
    readonly position: number,
    readonly near: string,
    sql = '',
  ) {
    super(`SQL compilation error:\nsyntax error ${lineAndPosition(sql, position)} unexpected '${near}'.`);
  }
}

/** Snowflake's way of pointing into a statement: `line <n> at position <column>`, lines from 1, columns from 0. */
export function lineAndPosition(sql: string, offset: number): string {
  const before = sql.slice(0, offset).split('\n');
  return `line ${before.length} at position ${before[before.length - 1].length}`;
}

const SYMBOLS = ['=>', '||', '::', '<>', '!=', '>=', '<=', '(', ')', ',', '.', '*', ';', '+', '-', '/', '%', '?', '=', '<', '>'];

/** Splits SQL into tokens; comments (`-- …`, `/* … *\/`) and white space are skipped. */
export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const char = sql[i];
    if (/\s/.test(char)) {
      i += 1;
    } else if (sql.startsWith('--', i)) {
      while (i < sql.length && sql[i] !== '\n') i += 1;
    } else if (sql.startsWith('/*', i)) {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else if (char === "'" || char === '"') {
      const start = i;
      let text = '';
      i += 1;
      for (;;) {
        if (i >= sql.length) throw new SyntaxError(start, sql.slice(start, start + 10));
        if (sql[i] === char && sql[i + 1] === char) {
          text += char;
          i += 2;
        } else if (sql[i] === char) {
          i += 1;
          break;
        } else if (char === "'" && sql[i] === '\\' && i + 1 < sql.length) {
          text += sql[i + 1];
          i += 2;
        } else {
          text += sql[i];
          i += 1;
        }
      }
      tokens.push({ kind: char === "'" ? 'string' : 'quoted', text, position: start });
    } else if (/[0-9]/.test(char)) {
      const match = /^[0-9]+(\.[0-9]+)?/.exec(sql.slice(i))!;
      tokens.push({ kind: 'number', text: match[0], position: i });
      i += match[0].length;
    } else if (/[A-Za-z_]/.test(char)) {
      const match = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(sql.slice(i))!;
      tokens.push({ kind: 'word', text: match[0], upper: match[0].toUpperCase(), position: i });
      i += match[0].length;
    } else {
      const symbol = SYMBOLS.find((s) => sql.startsWith(s, i));
      if (!symbol) throw new SyntaxError(i, char);
      tokens.push({ kind: 'symbol', text: symbol, position: i });
      i += symbol.length;
    }
  }
  tokens.push({ kind: 'end', position: sql.length });
  return tokens;
}

/** How many statements `sql` holds: semicolons outside strings and identifiers separate them; empty ones do not count. */
export function statementCount(sql: string): number {
  let count = 0;
  let current = false;
  for (const token of tokenize(sql)) {
    if (token.kind === 'end' || (token.kind === 'symbol' && token.text === ';')) {
      if (current) count += 1;
      current = false;
    } else current = true;
  }
  return count;
}
