import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS, COMMAND_NAMES, GLOBAL_OPTIONS, optionLabel, type OptionSpec } from '../../src/cli/options.js';
import { contractFixture, importspy } from './helpers.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'importspy-help-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('importspy <command> --help', () => {
  it.each(COMMAND_NAMES.map((c) => [c]))('%s --help and help <command> list every option with its description, default and an example', (command) => {
    const viaFlag = importspy([command, '--help']);
    const viaHelp = importspy(['help', command]);
    expect(viaFlag.status).toBe(0);
    expect(viaHelp).toEqual(viaFlag);
    const options: Record<string, OptionSpec> = { ...COMMANDS[command].options, ...GLOBAL_OPTIONS };
    for (const [name, spec] of Object.entries(options)) {
      const at = viaFlag.stdout.indexOf(`  ${optionLabel(name, spec)}`);
      expect(at, name).toBeGreaterThan(0);
      const block = viaFlag.stdout.slice(at).split('\n').slice(1, 4).join('\n');
      expect(block).toContain(spec.description);
      if (spec.default) expect(block).toContain(`default: ${spec.default}`);
      expect(viaFlag.stdout).toContain(`e.g. ${spec.example}`);
    }
  });

  it('each command prints its own help', () => {
    expect(importspy(['check', '--help']).stdout).toContain('--baseline FILE');
    expect(importspy(['init', '--help']).stdout).not.toContain('--baseline FILE');
    expect(importspy(['context', '-h']).stdout).toContain('--secret NAME');
  });

  it('help of an unknown command is a usage error', () => {
    const run = importspy(['help', 'chek']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('did you mean `check`?');
  });
});

describe('global options before or after the command', () => {
  it.each([
    [['--mode', 'warn', 'check']],
    [['check', '--mode', 'warn']],
    [['--mode=warn', 'check']],
  ])('%j', (args) => {
    const run = importspy([...args, '-c', contractFixture('environment.yml')]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('FAILED');
  });

  it('--log-level before the command', () => {
    const run = importspy(['--log-level', 'info', 'check', '-c', contractFixture('passes-here.yml')]);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('importspy info: checking');
  });

  it('a command option before the command says where it goes', () => {
    const run = importspy(['--format', 'json', 'check']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('the options of a command go after it');
  });
});

describe('importspy init refuses to overwrite', () => {
  it('an existing --output file without --force: exit 2, file unchanged; with --force it is rewritten', () => {
    writeFileSync(join(dir, 'plugin.mjs'), 'export function run() {}\n');
    writeFileSync(join(dir, 'spymodel.yml'), '# mine\nfunctions:\n  - name: run\n');
    const refused = importspy(['init', 'plugin.mjs', '-o', 'spymodel.yml'], { cwd: dir });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('spymodel.yml already exists; nothing written (pass --force to overwrite it)');
    expect(readFileSync(join(dir, 'spymodel.yml'), 'utf8')).toBe('# mine\nfunctions:\n  - name: run\n');
    const forced = importspy(['init', 'plugin.mjs', '-o', 'spymodel.yml', '--force'], { cwd: dir });
    expect(forced.status).toBe(0);
    const written = readFileSync(join(dir, 'spymodel.yml'), 'utf8');
    expect(written).toMatch(/^# yaml-language-server: \$schema=https:\/\/unpkg\.com\/importspy@[^/]+\/schema\/spymodel\.schema\.json\n/);
    expect(written).toContain('- name: run');
  });
});
