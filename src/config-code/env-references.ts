/** `${NAME}`: the only way a secret is written in a configuration file. */
const reference = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

/** The variable a value refers to, or null when it is not a `${NAME}` reference. */
export function referencedVariable(value: unknown): string | null {
  return typeof value === 'string' ? (reference.exec(value)?.[1] ?? null) : null;
}

const screaming = (text: string) =>
  text
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();

/** The variable export names for a secret: `FERRY_SOURCE_WAREHOUSE_PASSWORD` for source "warehouse", setting password. */
export function secretVariableName(kind: 'source' | 'destination', name: string, setting: string): string {
  return ['FERRY', kind.toUpperCase(), screaming(name) || 'UNNAMED', screaming(setting)].join('_');
}

/** The variable export names for a notification rule's URL: `FERRY_RULE_FAILURES_URL` for rule "failures". */
export function ruleUrlVariableName(name: string): string {
  return ['FERRY_RULE', screaming(name) || 'UNNAMED', 'URL'].join('_');
}
