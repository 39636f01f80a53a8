/** SARIF 2.1.0: one rule per violation code, results at the module's file:line:column. */
import type { Location } from '../contract/errors.js';
import type { Report } from '../violations/report.js';
import { VIOLATION_CODES } from '../violations/codes.js';
import { VERSION } from '../version.js';
import { displayPath, errorMessage, type FormatOptions } from './index.js';

interface SarifLocation {
  physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number; startColumn: number } };
  message?: { text: string };
}

function sarifLocation(loc: Location | null, cwd: string, fallback: string | null, text?: string): SarifLocation[] {
  const file = loc?.file ?? fallback;
  if (!file) return [];
  const out: SarifLocation = { physicalLocation: { artifactLocation: { uri: encodeURI(displayPath(file, cwd)) } } };
  if (loc) out.physicalLocation.region = { startLine: loc.line, startColumn: loc.column };
  if (text) out.message = { text };
  return [out];
}

export function formatSarif(report: Report, options: Required<FormatOptions>): string {
  const { cwd } = options;
  const ruleIds: string[] = [];
  const ruleIndex = (id: string): number => {
    let i = ruleIds.indexOf(id);
    if (i < 0) i = ruleIds.push(id) - 1;
    return i;
  };
  const results: unknown[] = [];
  for (const r of report.results) {
    if (r.error) {
      results.push({
        ruleId: r.error.code,
        ruleIndex: ruleIndex(r.error.code),
        level: 'error',
        message: { text: `ImportSpy could not check this module: ${errorMessage(r, cwd)}` },
        locations: sarifLocation(r.error.location, cwd, r.module),
      });
    }
    for (const v of r.violations) {
      const result: Record<string, unknown> = {
        ruleId: v.code,
        ruleIndex: ruleIndex(v.code),
        level: v.severity === 'warn' ? 'warning' : 'error',
        message: { text: `${v.message}. Fix: ${v.solution}${v.hint ? ` Hint: ${v.hint}` : ''}` },
        locations: sarifLocation(v.location, cwd, v.contractLocation?.file ?? report.contract),
        properties: { path: v.path, category: v.category, context: v.context, expected: v.expected ?? null, actual: v.actual ?? null },
      };
      const related = sarifLocation(v.contractLocation, cwd, null, 'the contract entry');
      if (related.length) result['relatedLocations'] = related.map((l, id) => ({ id, ...l }));
      if (v.baseline) result['baselineState'] = v.baseline === 'known' ? 'unchanged' : 'new';
      results.push(result);
    }
  }
  const rules = ruleIds.map((id) => {
    const known = (VIOLATION_CODES as Record<string, { category: string; context: string }>)[id];
    return {
      id,
      name: id.replace(/[.-](\w)/g, (_m, c: string) => c.toUpperCase()),
      shortDescription: { text: known ? `${known.category} (${known.context}): ${id}` : `ImportSpy could not decide: ${id}` },
    };
  });
  const doc = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'importspy', version: VERSION, informationUri: 'https://www.npmjs.com/package/importspy', rules } },
        results,
      },
    ],
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
