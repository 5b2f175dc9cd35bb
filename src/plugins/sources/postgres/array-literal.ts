/** A nested array of parsed elements, as PostgreSQL prints multi-dimensional arrays. */
export type ParsedArray = Array<unknown>;

/**
 * Parses PostgreSQL's text form of an array (`{1,2,NULL}`, `{{"a b","c\"d"}}`, `[0:1]={x,y}`) into nested JS
 * arrays, turning each non-null element with `parseElement`. `delimiter` is the element type's `typdelim`
 * (`,` for all but box).
 */
export function parseArrayLiteral(text: string, parseElement: (value: string) => unknown, delimiter = ','): ParsedArray {
  // Arrays with non-default lower bounds start with their dimensions, e.g. `[0:2]={1,2,3}`.
  let position = text.startsWith('[') ? text.indexOf('=') + 1 : 0;
  if (text[position] !== '{') throw new Error(`not an array literal: ${text.slice(0, 40)}`);

  const readArray = (): ParsedArray => {
    const items: ParsedArray = [];
    position += 1; // '{'
    if (text[position] === '}') {
      position += 1;
      return items;
    }
    for (;;) {
      const char = text[position];
      if (char === '{') items.push(readArray());
      else if (char === '"') items.push(parseElement(readQuoted()));
      else items.push(readBare());
      const next = text[position];
      position += 1;
      if (next === '}') return items;
      if (next !== delimiter) throw new Error(`malformed array literal at ${position}: ${text.slice(0, 40)}`);
    }
  };

  const readQuoted = (): string => {
    let value = '';
    position += 1; // opening quote
    while (text[position] !== '"') {
      if (position >= text.length) throw new Error('unterminated quoted element in array literal');
      if (text[position] === '\\') position += 1;
      value += text[position];
      position += 1;
    }
    position += 1; // closing quote
    return value;
  };

  const readBare = (): unknown => {
    const start = position;
    while (position < text.length && text[position] !== delimiter && text[position] !== '}') position += 1;
    const value = text.slice(start, position).trim();
    return value.toUpperCase() === 'NULL' ? null : parseElement(value);
  };

  return readArray();
}
