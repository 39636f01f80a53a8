/** GitHub Actions workflow commands: one annotation per violation, on the module's line. */
import type { Location } from '../contract/errors.js';
import type { Report } from '../violations/report.js';
import { displayPath, errorMessage } from './paths.js';
import type { FormatOptions } from './options.js';

/** Escaping as the workflow-command parser expects it. */
const data = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const property = (s: string): string => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

function annotation(kind: 'error' | 'warning', loc: Location | null, fallback: string | null, title: string, message: string, cwd: string): string {
  const props: string[] = [];
  const file = loc?.file ?? fallback;
  if (file) props.push(`file=${property(displayPath(file, cwd))}`);
  if (loc) props.push(`line=${loc.line}`, `col=${loc.column}`);
  props.push(`title=${property(title)}`);
  return `::${kind} ${props.join(',')}::${data(message)}`;
}

export function formatGithub(report: Report, options: Required<FormatOptions>): string {
  const lines: string[] = [];
  for (const r of report.results) {
    if (r.error) lines.push(annotation('error', r.error.location, r.module, `importspy ${r.error.code}`, `ImportSpy could not check this module: ${errorMessage(r, options.cwd)}`, options.cwd));
    for (const v of r.violations) {
      const text = `${v.message}\nfix: ${v.solution}${v.hint ? `\nhint: ${v.hint}` : ''}`;
      lines.push(annotation(v.severity === 'warn' ? 'warning' : 'error', v.location ?? v.contractLocation, r.module ?? report.contract, `importspy ${v.code} ${v.path}`, text, options.cwd));
    }
  }
  const { modules, compliant, violations } = report.summary;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  lines.push(`importspy: ${report.ok ? 'OK' : 'FAILED'}: ${plural(modules, 'module')} checked, ${compliant} compliant, ${plural(violations, 'violation')}`);
  return `${lines.join('\n')}\n`;
}
