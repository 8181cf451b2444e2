import type { CheckResult } from './check.js';
import type { AuditReport } from './run-audit.js';

/** The audit as text for a terminal and as Markdown for a pull request or a ticket. */

const MARK = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' } as const;
const indent = (text: string, by: string) => text.split('\n').map((line) => by + line).join('\n');

function textCheck(check: CheckResult): string {
  const lines = [`${MARK[check.status]}  ${check.name.padEnd(20)} ${check.summary}`];
  for (const problem of check.problems) {
    lines.push(`      - ${problem.object}: ${problem.message}`);
    if (problem.fix) lines.push(indent(problem.fix, '          '));
  }
  return lines.join('\n');
}

const heading = (report: AuditReport) =>
  `${report.database.kind === 'embedded' ? 'embedded database' : `database ${report.database.name}`} (PostgreSQL ${report.database.serverVersion})`;

function tally(report: AuditReport): string {
  const count = (status: CheckResult['status']) => report.checks.filter((check) => check.status === status).length;
  return `${count('pass')} passed, ${count('fail')} failed, ${count('skip')} skipped`;
}

export function formatText(report: AuditReport): string {
  return [`flowgate db audit: ${heading(report)}`, '', ...report.checks.map(textCheck), '', tally(report)].join('\n');
}

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

function markdownProblems(check: CheckResult): string[] {
  if (check.problems.length === 0) return [];
  const lines = [`### ${check.name}`, ''];
  for (const problem of check.problems) {
    lines.push(`- **${problem.object}**: ${problem.message}`);
    if (problem.fix) lines.push('', indent(['```sql', problem.fix, '```'].join('\n'), '  '));
  }
  return [...lines, ''];
}

export function formatMarkdown(report: AuditReport): string {
  return [
    `# Database audit: ${heading(report)}`,
    '',
    '| check | status | summary |',
    '|---|---|---|',
    ...report.checks.map((check) => `| ${check.name} | ${MARK[check.status]} | ${cell(check.summary)} |`),
    '',
    tally(report),
    '',
    ...report.checks.flatMap(markdownProblems),
  ].join('\n');
}
