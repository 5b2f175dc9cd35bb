/**
 * JSON.parse, except that integers too long for a double (16 digits or more) come back as strings: Elasticsearch
 * sends long and unsigned_long values as plain JSON numbers, and JSON.parse would round them.
 */
export function parseJsonKeepingLongs(text: string): unknown {
  let out = '';
  let copied = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 92 /* \ */) i += 1;
      else if (char === 34 /* " */) inString = false;
      continue;
    }
    if (char === 34) {
      inString = true;
      continue;
    }
    if (char === 45 /* - */ || (char >= 48 && char <= 57)) {
      let end = i + 1;
      while (end < text.length && /[0-9.eE+-]/.test(text[end])) end += 1;
      const number = text.slice(i, end);
      if (/^-?\d{16,}$/.test(number)) {
        out += `${text.slice(copied, i)}"${number}"`;
        copied = end;
      }
      i = end - 1;
    }
  }
  return JSON.parse(copied === 0 ? text : out + text.slice(copied));
}
