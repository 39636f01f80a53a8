/**
 * JUnit XML: a test case per module; error violations are failures, unreadable modules errors;
 * warnings and known (baseline) violations, with their fix and hint, are the case's non-failing output.
 */
import type { Report } from '../violations/report.js';
import { displayPath, errorMessage } from './paths.js';
import type { FormatOptions } from './options.js';

const xml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '');

export function formatJunit(report: Report, options: Required<FormatOptions>): string {
  const { cwd } = options;
  const suite = report.contract ? displayPath(report.contract, cwd) : 'contract';
  const cases: string[] = [];
  let failures = 0;
  let errors = 0;
  for (const r of report.results) {
    const name = r.module ? displayPath(r.module, cwd) : 'environment';
    const attrs = `classname="importspy.${xml(suite)}" name="${xml(name)}"${r.module ? ` file="${xml(name)}"` : ''}`;
    const body: string[] = [];
    if (r.error) {
      errors++;
      body.push(`      <error message="${xml(errorMessage(r, cwd))}" type="${xml(r.error.code)}"/>`);
    }
    const blocking = r.violations.filter((v) => v.severity === 'error' && v.baseline !== 'known');
    if (blocking.length) {
      failures++;
      const text = blocking
        .map((v) => {
          const at = v.location ? `${displayPath(v.location.file, cwd)}:${v.location.line}:${v.location.column}` : '';
          return `[${v.code}] ${v.path}: ${v.message}${at ? ` (${at})` : ''}\nfix: ${v.solution}${v.hint ? `\nhint: ${v.hint}` : ''}`;
        })
        .join('\n\n');
      body.push(`      <failure message="${xml(`${blocking.length} violation${blocking.length === 1 ? '' : 's'}`)}" type="${xml(blocking[0]?.code ?? '')}">${xml(text)}</failure>`);
    }
    const warnings = r.violations.filter((v) => v.severity === 'warn' || v.baseline === 'known');
    if (warnings.length) {
      const text = warnings.map((v) => {
        const at = v.location ? ` (${displayPath(v.location.file, cwd)}:${v.location.line}:${v.location.column})` : '';
        return `${v.severity === 'warn' ? 'warning' : 'known (baseline)'} [${v.code}] ${v.path}: ${v.message}${at}\nfix: ${v.solution}${v.hint ? `\nhint: ${v.hint}` : ''}`;
      });
      body.push(`      <system-out>${xml(text.join('\n\n'))}</system-out>`);
    }
    cases.push(body.length ? `    <testcase ${attrs}>\n${body.join('\n')}\n    </testcase>` : `    <testcase ${attrs}/>`);
  }
  const counts = `tests="${report.results.length}" failures="${failures}" errors="${errors}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="importspy" ${counts}>`,
    `  <testsuite name="${xml(suite)}" ${counts}>`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
