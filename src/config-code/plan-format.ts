import type { Action, Plan, PlanStep } from './plan';

/** One step as a line of the plan: `  ~ update sync "nightly": mappings, schedule`. */
export function describeStep(step: PlanStep): string {
  const mark = { create: '+', update: '~', delete: '-', unchanged: '=' }[step.action];
  const what = `${step.action} ${step.kind} ${JSON.stringify(step.name)}`;
  const changes = step.changes.map((field) => (step.shown?.[field] ? `${field} (${step.shown[field]})` : field));
  return `  ${mark} ${what}${changes.length ? `: ${changes.join(', ')}` : ''}`;
}

/** The plan as people read it: one line per item, then the counts. */
export function formatPlan(plan: Plan, file: string, url: string, prune: boolean): string {
  const count = (action: Action) => plan.steps.filter((s) => s.action === action).length;
  const lines = [`Plan for ${file} against ${url}:`, ...plan.steps.map(describeStep)];
  lines.push(`${count('create')} to create, ${count('update')} to update, ${count('delete')} to delete, ${count('unchanged')} unchanged.`);
  if (!prune && plan.unmanaged.length) {
    lines.push(
      `Not in the file, left alone (apply --prune would delete them): ${plan.unmanaged.map((s) => `${s.kind} ${JSON.stringify(s.name)}`).join(', ')}.`,
    );
  }
  return lines.join('\n');
}
