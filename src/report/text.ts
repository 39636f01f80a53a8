/**
 * The report for people: grouped per module, each violation with its code, a one-line message,
 * where it is in the module and in the contract, expected/actual, and the fix. Readable without
 * colour; colour only marks what is already there in words.
 */
import type { Report, ModuleReport } from '../violations/report.js';
import type { Violation } from '../violations/violation.js';
import { show } from '../violations/violation.js';
import { displayPath, errorMessage, type FormatOptions } from './index.js';

const ANSI = { red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39], bold: [1, 22], dim: [2, 22] } as const;
type Style = keyof typeof ANSI;

export function formatText(report: Report, options: Required<FormatOptions>): string {
  const paint = (style: Style, text: string): string => (options.color ? `\u001b[${ANSI[style][0]}m${text}\u001b[${ANSI[style][1]}m` : text);
  const where = (loc: { file: string; line: number; column: number } | null): string =>
    loc ? `${displayPath(loc.file, options.cwd)}:${loc.line}:${loc.column}` : '';
  const lines: string[] = [];
  const contract = report.contract ? displayPath(report.contract, options.cwd) : 'contract';

  for (const r of report.results) {
    lines.push(heading(r, contract, paint, options.cwd));
    if (r.note) lines.push(`  ${paint('dim', `note: ${r.note}`)}`);
    if (r.error) {
      lines.push(`  ${paint('red', 'error')} ${paint('bold', r.error.code)} ${errorMessage(r, options.cwd)}`);
      if (r.error.location) lines.push(`    at ${where(r.error.location)}`);
    }
    for (const v of r.violations) lines.push(...violationLines(v, paint, where));
    lines.push('');
  }
  lines.push(summaryLine(report, paint));
  return `${lines.join('\n')}\n`;
}

function heading(r: ModuleReport, contract: string, paint: (s: Style, t: string) => string, cwd: string): string {
  const subject = r.importer
    ? `${displayPath(r.importer.file, cwd)} (importer, found via ${r.importer.via})`
    : r.module
      ? displayPath(r.module, cwd)
      : 'this machine';
  const errors = r.violations.filter((v) => v.severity === 'error').length;
  const warns = r.violations.length - errors;
  if (r.error) return `${paint('red', '✖')} ${paint('bold', subject)}: could not be checked against ${contract}`;
  if (r.ok && r.violations.length === 0) return `${paint('green', '✔')} ${paint('bold', subject)} complies with ${contract}`;
  if (r.ok) return `${paint('yellow', '!')} ${paint('bold', subject)} complies with ${contract}, with ${plural(warns, 'warning')}`;
  return `${paint('red', '✖')} ${paint('bold', subject)} breaks ${contract}: ${plural(errors, 'violation')}${warns ? `, ${plural(warns, 'warning')}` : ''}`;
}

function violationLines(v: Violation, paint: (s: Style, t: string) => string, where: (l: Violation['location']) => string): string[] {
  const level = v.severity === 'error' ? paint('red', 'error') : paint('yellow', 'warn ');
  const out = [`  ${level} ${paint('bold', v.code)}  ${v.path}`, `    ${v.message}`];
  if (v.location) out.push(`    ${paint('dim', 'at')}       ${where(v.location)}`);
  if (v.contractLocation) out.push(`    ${paint('dim', 'contract')} ${where(v.contractLocation)}`);
  if (v.expected !== null && v.expected !== undefined) out.push(`    ${paint('dim', 'expected')} ${show(v.expected)}`);
  if (v.actual !== null && v.actual !== undefined) out.push(`    ${paint('dim', 'actual')}   ${show(v.actual)}`);
  out.push(`    ${paint('cyan', 'fix')}      ${v.solution}`);
  if (v.hint) out.push(`    ${paint('cyan', 'hint')}     ${v.hint}`);
  if (v.baseline) out.push(`    ${paint('dim', `baseline: ${v.baseline}`)}`);
  return out;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function summaryLine(report: Report, paint: (s: Style, t: string) => string): string {
  const { modules, compliant, violations } = report.summary;
  const scope = modules === 0 ? 'environment checked' : `${plural(modules, 'module')} checked, ${compliant} compliant`;
  const text = `${report.ok ? 'OK' : 'FAILED'}: ${scope}, ${plural(violations, 'violation')}`;
  return report.ok ? paint('green', text) : paint('red', text);
}
