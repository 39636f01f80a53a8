/**
 * The report for people: only the modules with something to report (all of them with
 * `verbose`), grouped per module, each violation with its code, a one-line message,
 * where it is in the module and in the contract, expected/actual, and the fix. Readable without
 * colour; colour only marks what is already there in words.
 */
import type { Report, ModuleReport } from '../violations/report.js';
import type { Violation } from '../violations/violation.js';
import { show } from '../violations/messages.js';
import { displayPath, errorMessage } from './paths.js';
import type { FormatContext } from './options.js';

const ANSI = { red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39], bold: [1, 22], dim: [2, 22] } as const;
type Style = keyof typeof ANSI;


type Paint = (style: Style, text: string) => string;
type Place = { file: string; line: number; column: number } | null;

export function formatText(report: Report, options: FormatContext): string {
  // Prose wraps and source lines are cut at the width: the terminal's, 80 when not a terminal.
  const width = options.width;
  const paint: Paint = (style, text) => (options.color ? `\u001b[${ANSI[style][0]}m${text}\u001b[${ANSI[style][1]}m` : text);
  const where = (loc: Place): string => (loc ? `${displayPath(loc.file, options.cwd)}:${loc.line}:${loc.column}` : '');
  const frame = codeFrames(paint, options.sourceLines, width);
  const lines: string[] = [];
  const contract = report.contract ? displayPath(report.contract, options.cwd) : 'contract';

  for (const r of report.results) {
    // Known (baseline) violations do not fail the run: listed with --verbose only.
    const shown = r.violations.filter((v) => (!options.quiet || v.severity === 'error') && (options.verbose || v.baseline !== 'known'));
    // Compliant modules are only counted in the summary, unless asked for (or only the machine was checked).
    if (!options.verbose && !r.error && shown.length === 0 && r.module !== null) continue;
    if (options.quiet && !r.error && shown.length === 0) continue;
    lines.push(heading(r, contract, paint, options.cwd));
    if (r.note) lines.push(`  ${paint('dim', `note: ${r.note}`)}`);
    if (r.error) {
      lines.push(`  ${paint('red', 'error')} ${paint('bold', r.error.code)} ${errorMessage(r, options.cwd)}`);
      if (r.error.location) lines.push(`    at ${where(r.error.location)}`, ...frame(r.error.location));
    }
    for (const v of shown) lines.push(...violationLines(v, paint, where, frame, width));
    lines.push('');
  }
  lines.push(...fixedLines(report, paint));
  lines.push(summaryLine(report, paint));
  return `${lines.join('\n')}\n`;
}

/** Baseline entries no longer found, and how to drop them. */
function fixedLines(report: Report, paint: Paint): string[] {
  const fixed = report.summary.fixed ?? [];
  if (fixed.length === 0) return [];
  return [
    `${paint('green', '✔')} ${plural(fixed.length, 'baseline entry', 'baseline entries')} fixed (no longer found):`,
    ...fixed.map((e) => `  ${e.module}  ${e.code}  ${e.path}`),
    `  drop ${fixed.length === 1 ? 'it' : 'them'} from the baseline: run the same check with --update-baseline`,
    '',
  ];
}

function heading(r: ModuleReport, contract: string, paint: Paint, cwd: string): string {
  const subject = r.importer
    ? `${displayPath(r.importer.file, cwd)} (importer, found via ${r.importer.via})`
    : r.module
      ? displayPath(r.module, cwd)
      : 'this machine';
  const known = r.violations.filter((v) => v.baseline === 'known').length;
  const errors = r.violations.filter((v) => v.severity === 'error' && v.baseline !== 'known').length;
  const warns = r.violations.filter((v) => v.severity === 'warn' && v.baseline !== 'known').length;
  const inBaseline = known ? ` (${plural(known, 'known violation')} in the baseline)` : '';
  if (r.error) return `${paint('red', '✖')} ${paint('bold', subject)}: could not be checked against ${contract}`;
  if (r.ok && warns === 0) return `${paint('green', '✔')} ${paint('bold', subject)} complies with ${contract}${inBaseline}`;
  if (r.ok) return `${paint('yellow', '!')} ${paint('bold', subject)} complies with ${contract}, with ${plural(warns, 'warning')}${inBaseline}`;
  return `${paint('red', '✖')} ${paint('bold', subject)} breaks ${contract}: ${plural(errors, 'violation')}${warns ? `, ${plural(warns, 'warning')}` : ''}`;
}

function violationLines(v: Violation, paint: Paint, where: (l: Place) => string, frame: (l: Place) => string[], width: number): string[] {
  const level = v.severity === 'error' ? paint('red', 'error') : paint('yellow', 'warn ');
  const out = [`  ${level} ${paint('bold', v.code)}  ${v.path}`, ...wrap(v.message, '    ', '    ', width)];
  // Something missing is placed at the module's first line: a frame of it would show nothing useful.
  const placeholder = v.category === 'missing' && v.location?.line === 1 && v.location.column === 1;
  if (v.location) out.push(`    ${paint('dim', 'at')}       ${where(v.location)}`, ...(placeholder ? [] : frame(v.location)));
  if (v.contractLocation) out.push(`    ${paint('dim', 'contract')} ${where(v.contractLocation)}`);
  const field = (label: string, text: string, style: Style = 'dim'): string[] => {
    const [first = '', ...rest] = wrap(text, '', '             ', width - 13);
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
function wrap(text: string, first: string, rest: string, width: number): string[] {
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
function codeFrames(paint: Paint, linesOf: FormatContext['sourceLines'], width: number): (loc: Place) => string[] {
  return (loc) => {
    const lines = loc ? linesOf(loc.file) : null;
    if (!loc || !lines || loc.line < 1 || loc.line > lines.length) return [];
    const gutter = String(loc.line).length;
    const room = width - gutter - 9;
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

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

function summaryLine(report: Report, paint: Paint): string {
  const { modules, compliant, violations } = report.summary;
  const scope = modules === 0 ? 'environment checked' : `${plural(modules, 'module')} checked, ${compliant} compliant`;
  const known = report.results.reduce((n, r) => n + r.violations.filter((v) => v.baseline === 'known').length, 0);
  const text = `${report.ok ? 'OK' : 'FAILED'}: ${scope}, ${plural(violations, 'violation')}${known ? ` (${known} known in the baseline)` : ''}`;
  return report.ok ? paint('green', text) : paint('red', text);
}
