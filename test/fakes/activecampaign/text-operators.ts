/** The comparison operators of `filters[name][<op>]` (lists) and `filters[search][<op>]` (tags). */
export const TEXT_OPERATORS: Readonly<Record<string, (text: string, value: string) => boolean>> = {
  eq: (text, value) => text === value,
  neq: (text, value) => text !== value,
  contains: (text, value) => text.includes(value),
  starts_with: (text, value) => text.startsWith(value),
  ends_with: (text, value) => text.endsWith(value),
};
