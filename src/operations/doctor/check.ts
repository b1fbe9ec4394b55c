/** One line of `profile-cdc doctor`: what was checked, what was found, and how to fix a failure. */
export type Check = {
  area: 'postgresql' | 'kafka' | 'elasticsearch' | 'schema-registry';
  /** What it is about: a connector, a topic, an alias, or the service. */
  subject: string;
  name: string;
  /** warn: works, but something an operator should know (the pipeline creates it, a risky setting). */
  status: 'pass' | 'warn' | 'fail';
  detail: string;
  fix?: string;
};

export const pass = (area: Check['area'], subject: string, name: string, detail: string): Check => ({
  area,
  subject,
  name,
  status: 'pass',
  detail,
});

export const problem = (
  status: 'warn' | 'fail',
  area: Check['area'],
  subject: string,
  name: string,
  detail: string,
  fix: string,
): Check => ({ area, subject, name, status, detail, fix });

const marks = { pass: 'PASS', warn: 'WARN', fail: 'FAIL' } as const;

/** The report: a line per check, the fix under each failure or warning, and a last line with the counts. */
export function formatChecks(checks: readonly Check[]): string {
  const lines = checks.map((c) => {
    const line = `${marks[c.status]}  ${c.area.padEnd(15)} ${c.subject.padEnd(14)} ${c.name}: ${c.detail}`;
    return c.fix ? `${line}\n      fix: ${c.fix}` : line;
  });
  const count = (s: Check['status']) => checks.filter((c) => c.status === s).length;
  lines.push('', `${count('pass')} passed, ${count('warn')} warnings, ${count('fail')} failed`);
  return `${lines.join('\n')}\n`;
}

/** Exit code: 0 only when nothing failed (warnings allowed). */
export const exitCode = (checks: readonly Check[]): number =>
  checks.some((c) => c.status === 'fail') ? 1 : 0;
