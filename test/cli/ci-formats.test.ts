import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importspy, root } from './helpers.js';

// What CI tools ask of ImportSpy's output, checked on a real run: a project in a folder whose
// name needs percent-encoding, checked from a subfolder of the "repository".
let repo: string;
let sub: string;

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'importspy-ci-'));
  sub = join(repo, 'pkg');
  mkdirSync(join(sub, 'my plugins#1'), { recursive: true });
  writeFileSync(join(sub, 'my plugins#1', 'bad.mjs'), 'export const x = 1;\n');
  writeFileSync(join(sub, 'my plugins#1', 'warned.mjs'), 'export function run() {}\n');
  writeFileSync(join(sub, 'spymodel.yml'), 'functions:\n  - name: run\n  - name: stop\n    severity: warn\n    hint: stop() lets the host drain requests\n');
});
afterAll(() => {
  rmSync(repo, { recursive: true, force: true });
});

interface SarifRule {
  id: string;
  shortDescription?: { text: string };
  fullDescription?: { text: string };
  help?: { text: string; markdown: string };
  helpUri?: string;
}
interface Sarif {
  runs: Array<{
    tool: { driver: { rules: SarifRule[] } };
    automationDetails?: { id: string };
    results: Array<{ ruleId: string; ruleIndex: number; message: { text: string }; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }> }>;
  }>;
}

function sarif(args: string[] = [], env: Record<string, string> = {}): Sarif {
  const run = importspy(['check', 'my plugins#1', '--format', 'sarif', ...args], { cwd: sub, env });
  expect(run.status, run.stderr).toBe(1);
  return JSON.parse(run.stdout) as Sarif;
}

function validate(doc: unknown): void {
  const require = createRequire(import.meta.url);
  const Ajv = require('ajv') as new (o: object) => { addMetaSchema(s: object): void; validate(s: object, d: unknown): boolean; errorsText(): string };
  const ajv = new Ajv({ schemaId: 'id', allErrors: true });
  ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json') as object);
  expect(ajv.validate(require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as object, doc), ajv.errorsText()).toBe(true);
}

/** GitHub's anchors of docs/violations.md's `### code` headings. */
const anchors = new Set(
  readFileSync(join(root, 'docs/violations.md'), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('### '))
    .map((l) => l.slice(4).trim().toLowerCase().replace(/[^a-z0-9 _-]/g, '').replace(/ /g, '-')),
);

describe('SARIF for code scanning', () => {
  it('validates against SARIF 2.1.0; every rule has short and full descriptions, help text and markdown, and a helpUri to its reference entry', () => {
    const doc = sarif();
    validate(doc);
    const repository = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { repository: { url: string } }).repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
    const rules = doc.runs[0]?.tool.driver.rules ?? [];
    expect(rules.map((r) => r.id).sort()).toEqual(['missing.function']);
    for (const rule of rules) {
      expect(rule.shortDescription?.text, rule.id).toMatch(/\S/);
      expect(rule.fullDescription?.text, rule.id).toMatch(/\S/);
      expect(rule.help?.text, rule.id).toContain('Fix: ');
      expect(rule.help?.markdown, rule.id).toContain('**Fix:**');
      expect(rule.helpUri?.startsWith(`${repository}/blob/main/docs/violations.md#`), rule.helpUri).toBe(true);
      expect(anchors.has(rule.helpUri?.split('#')[1] ?? ''), rule.helpUri).toBe(true);
    }
    for (const result of doc.runs[0]?.results ?? []) {
      expect(rules[result.ruleIndex]?.id).toBe(result.ruleId);
      expect(result.message.text).toMatch(/\S/);
      expect(result.locations[0]?.physicalLocation.region?.startLine).toBeGreaterThanOrEqual(1);
    }
  });

  it('URIs are percent-encoded per segment, and relative to GITHUB_WORKSPACE when it is set', () => {
    const uris = (doc: Sarif) => [...new Set(doc.runs[0]?.results.map((r) => r.locations[0]?.physicalLocation.artifactLocation.uri))].sort();
    expect(uris(sarif())).toEqual(['my%20plugins%231/bad.mjs', 'my%20plugins%231/warned.mjs']);
    expect(uris(sarif([], { GITHUB_WORKSPACE: repo }))).toEqual(['pkg/my%20plugins%231/bad.mjs', 'pkg/my%20plugins%231/warned.mjs']);
  });

  it('a shard run carries automationDetails, so the shards of one commit do not replace each other', () => {
    expect(sarif().runs[0]?.automationDetails).toBeUndefined();
    const shard = importspy(['check', 'my plugins#1', '--format', 'sarif', '--shard', '1/2'], { cwd: sub });
    const doc = JSON.parse(shard.stdout) as Sarif;
    validate(doc);
    expect(doc.runs[0]?.automationDetails).toEqual({ id: 'importspy/shard-1-of-2/' });
  });

  it('the rule texts are what docs/violations.md says (run `npm run rules` when this fails)', () => {
    const r = spawnSync(process.execPath, ['scripts/write-rules.mjs', '--check'], { cwd: root, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('GitHub annotations and JUnit', () => {
  it('annotations name files from the repository root (GITHUB_WORKSPACE)', () => {
    const run = importspy(['check', 'my plugins#1', '--format', 'github'], { cwd: sub, env: { GITHUB_WORKSPACE: repo } });
    expect(run.stdout).toContain('::error file=pkg/my plugins#1/bad.mjs,line=1,col=1,');
    expect(run.stdout).toContain('::warning file=pkg/my plugins#1/warned.mjs,');
    const local = importspy(['check', 'my plugins#1', '--format', 'github'], { cwd: sub });
    expect(local.stdout).toContain('::error file=my plugins#1/bad.mjs,');
  });

  it('JUnit keeps warn entries, with their fix and hint, as non-failing output', () => {
    const run = importspy(['check', 'my plugins#1', '--format', 'junit'], { cwd: sub });
    const warned = run.stdout.split('<testcase ').find((c) => c.includes('name="my plugins#1/warned.mjs"')) ?? '';
    expect(warned).not.toContain('<failure');
    expect(warned).toContain('<system-out>warning [missing.function] functions.stop: the module does not export function stop');
    expect(warned).toContain('hint: stop() lets the host drain requests</system-out>');
  });
});

describe('the example workflow', () => {
  it('grants contents: read besides security-events: write', () => {
    const workflow = readFileSync(join(root, 'examples/ci/importspy.github-workflow.yml'), 'utf8');
    expect(workflow).toMatch(/permissions:\n\s+contents: read.*\n\s+security-events: write/);
  });
});
