/** The ferry.yaml of the README's "Configuration as code" section. */
export function readmeExample(readme: string): string {
  const section = readme.slice(readme.indexOf('### Configuration as code'), readme.indexOf('## Configuration\n'));
  const example = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
  if (!example) throw new Error('the README has no ```yaml block under "### Configuration as code"');
  return example;
}
