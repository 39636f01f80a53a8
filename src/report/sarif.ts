/**
 * SARIF 2.1.0: one rule per code that occurs, described from docs/violations.md (description,
 * fix, a link to the code's entry), results at the module's file:line:column. What GitHub code
 * scanning asks of an upload: rules with short and full descriptions and help, repository-relative
 * URIs percent-encoded per segment, and one automation id per shard so shards do not replace
 * each other's results.
 */
import type { Location } from '../contract/errors.js';
import type { Report } from '../violations/report.js';
import { VIOLATION_CODES } from '../violations/codes.js';
import { REPOSITORY, VERSION } from '../version.js';
import { displayPath, errorMessage } from './paths.js';
import type { FormatOptions } from './options.js';
import { RULE_DOCS } from './rules.generated.js';

interface SarifLocation {
  physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number; startColumn: number } };
  message?: { text: string };
}

function sarifLocation(loc: Location | null, cwd: string, fallback: string | null, text?: string): SarifLocation[] {
  const file = loc?.file ?? fallback;
  if (!file) return [];
  const out: SarifLocation = { physicalLocation: { artifactLocation: { uri: fileUri(displayPath(file, cwd)) } } };
  if (loc) out.physicalLocation.region = { startLine: loc.line, startColumn: loc.column };
  if (text) out.message = { text };
  return [out];
}

/** A path as a URI reference: each segment percent-encoded (`#`, `?`, `%`, spaces...); absolute paths as file URIs. */
export function fileUri(path: string): string {
  const encoded = path.split('/').map((segment) => (/^[A-Za-z]:$/.test(segment) ? segment : encodeURIComponent(segment))).join('/');
  if (path.startsWith('/')) return `file://${encoded}`;
  if (/^[A-Za-z]:\//.test(path)) return `file:///${encoded}`;
  return encoded;
}

/** GitHub-style anchor of a `### code` heading: lower case, dots dropped. */
const anchor = (code: string): string => code.toLowerCase().replace(/[^a-z0-9 _-]/g, '').replace(/ /g, '-');

/** Where the reference lives: the package's repository (package.json `repository`), on its main branch. */
function referenceUri(code: string): string {
  const base = REPOSITORY.replace(/^git\+/, '').replace(/\.git$/, '') || 'https://www.npmjs.com/package/importspy';
  return `${base}/blob/main/docs/violations.md#${anchor(code)}`;
}

/** Markdown to plain text, for the `text` fields: code spans and emphasis marks dropped. */
const plain = (markdown: string): string => markdown.replace(/\*\*|`/g, '');

/** The first sentence. */
const firstSentence = (text: string): string => {
  const end = text.search(/\.(\s|$)/);
  return end < 0 ? text : text.slice(0, end + 1);
};

function rule(id: string): Record<string, unknown> {
  const known = (VIOLATION_CODES as Record<string, { category: string; context: string }>)[id];
  const docs = RULE_DOCS[id];
  const helpUri = referenceUri(id);
  const description = docs?.description || (known ? `A ${known.category} violation (${known.context}).` : 'ImportSpy could not decide about the module.');
  const fix = docs?.fix || 'see the reference';
  return {
    id,
    name: id.replace(/[.-](\w)/g, (_m, c: string) => c.toUpperCase()),
    shortDescription: { text: plain(firstSentence(description)) },
    fullDescription: { text: plain(description) },
    help: {
      text: `${plain(description)}\nFix: ${plain(fix)}\nReference: ${helpUri}`,
      markdown: `${description}\n\n**Fix:** ${fix}\n\n[${id} in the ImportSpy violation reference](${helpUri})`,
    },
    helpUri,
    defaultConfiguration: { level: 'error' },
    properties: { tags: known ? ['importspy', known.category, known.context] : ['importspy', 'undecided'] },
  };
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
  const rules = ruleIds.map(rule);
  const doc = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'importspy', version: VERSION, semanticVersion: VERSION, informationUri: 'https://www.npmjs.com/package/importspy', rules } },
        ...(options.shard ? { automationDetails: { id: `importspy/shard-${options.shard.index}-of-${options.shard.count}/` } } : {}),
        results,
      },
    ],
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
