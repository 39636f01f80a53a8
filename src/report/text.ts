/**
 * The report for people: grouped per module, each violation with its code, a one-line message,
 * where it is in the module and in the contract, expected/actual, and the fix. Readable without
 * colour; colour only marks what is already there in words.
 */
import type { Report, ModuleReport } from '../violations/report.js';
import type { Violation } from '../violations/violation.js';
import { show } from '../violations/violation.js';
import { displayPath, errorMessage, type FormatContext } from './index.js';

const ANSI = { red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39], bold: [1, 22], dim: [2, 22] } as const;
type Style = keyof typeof ANSI;

/** The report stays readable in an 80-column terminal: prose wraps, source lines are cut. */
const WIDTH = 80;

type Paint = (style: Style, text: string) => string;
type Place = { file: string; line: number; column: number } | null;

export function formatText(report: Report, options: FormatContext): string {
  const paint: Paint = (style, text) => (options.color ? `\u001b[${ANSI[style][0]}m${text}\u001b[${ANSI[style][1]}m` : text);
  const where = (loc: Place): string => (loc ? `${displayPath(loc.file, options.cwd)}:${loc.line}:${loc.column}` : '');
  const frame = codeFrames(paint, options.sourceLines);
  const lines: string[] = [];
  const contract = report.contract ? displayPath(report.contract, options.cwd) : 'contract';

  for (const r of report.results) {
    lines.push(heading(r, contract, paint, options.cwd));
    if (r.note) lines.push(`  ${paint('dim', `note: ${r.note}`)}`);
    if (r.error) {
      lines.push(`  ${paint('red', 'error')} ${paint('bold', r.error.code)} ${errorMessage(r, options.cwd)}`);
      if (r.error.location) lines.push(`    at ${where(r.error.location)}`, ...frame(r.error.location));
    }
    for (const v of r.violations) lines.push(...violationLines(v, paint, where, frame));
    lines.push('');
  }
  lines.push(summaryLine(report, paint));
  return `${lines.join('\n')}\n`;
}

function heading(r: ModuleReport, contract: string, paint: Paint, cwd: string): string {
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

function violationLines(v: Violation, paint: Paint, where: (l: Place) => string, frame: (l: Place) => string[]): string[] {
  const level = v.severity === 'error' ? paint('red', 'error') : paint('yellow', 'warn ');
  const out = [`  ${level} ${paint('bold', v.code)}  ${v.path}`, ...wrap(v.message, '    ', '    ')];
  // Something missing is placed at the module's first line: a frame of it would show nothing useful.
  const placeholder = v.category === 'missing' && v.location?.line === 1 && v.location.column === 1;
  if (v.location) out.push(`    ${paint('dim', 'at')}       ${where(v.location)}`, ...(placeholder ? [] : frame(v.location)));
  if (v.contractLocation) out.push(`    ${paint('dim', 'contract')} ${where(v.contractLocation)}`);
  const field = (label: string, text: string, style: Style = 'dim'): string[] => {
    const [first = '', ...rest] = wrap(text, '', '             ', WIDTH - 13);
    return [`    ${paint(style, label.padEnd(8))} ${first}`, ...rest];
  };
  if (v.expected !== null && v.expected !== undefined) out.push(...field('expected', show(v.expected)));
  if (v.actual !== null && v.actual !== undefined) out.push(...field('actual', show(v.actual)));
  out.push(...field('fix', v.solution, 'cyan'));
  if (v.hint) out.push(...field('hint', v.hint, 'cyan'));
  if (v.baseline) out.push(`    ${paint('dim', `baseline: ${v.baseline}`)}`);
  return out;
}

/** Words to lines of at most `width` columns; a single longer word keeps its own line. */
function wrap(text: string, first: string, rest: string, width = WIDTH): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.split(' ')) {
    if (!empty && line.length + 1 + word.length > width) {
      lines.push(line);
      line = rest + word;
    } else {
      line += (empty ? '' : ' ') + word;
    }
    empty = false;
  }
  lines.push(line);
  return lines;
}

/**
 * A code frame: the line before, the line itself, and a caret under the column, from the file's
 * scrubbed lines. Nothing when the file cannot be read any more.
 */
function codeFrames(paint: Paint, linesOf: FormatContext['sourceLines']): (loc: Place) => string[] {
  return (loc) => {
    const lines = loc ? linesOf(loc.file) : null;
    if (!loc || !lines || loc.line < 1 || loc.line > lines.length) return [];
    const gutter = String(loc.line).length;
    const room = WIDTH - gutter - 9;
    const show = (n: number): string => {
      const text = (lines[n - 1] ?? '').replace(/\t/g, '  ');
      return text.length > room ? `${text.slice(0, room - 1)}…` : text;
    };
    const out: string[] = [];
    if (loc.line > 1 && (lines[loc.line - 2] ?? '').trim() !== '') out.push(`      ${String(loc.line - 1).padStart(gutter)} | ${show(loc.line - 1)}`);
    out.push(`    ${paint('red', '>')} ${String(loc.line)} | ${show(loc.line)}`);
    const prefix = (lines[loc.line - 1] ?? '').slice(0, loc.column - 1).replace(/\t/g, '  ');
    if (prefix.length < room) out.push(`      ${' '.repeat(gutter)} | ${' '.repeat(prefix.length)}${paint('red', '^')}`);
    return out;
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function summaryLine(report: Report, paint: Paint): string {
  const { modules, compliant, violations } = report.summary;
  const scope = modules === 0 ? 'environment checked' : `${plural(modules, 'module')} checked, ${compliant} compliant`;
  const text = `${report.ok ? 'OK' : 'FAILED'}: ${scope}, ${plural(violations, 'violation')}`;
  return report.ok ? paint('green', text) : paint('red', text);
}
