/**
 * docs/cli.md and the CLI's option table (src/cli/options.ts, which the parser and `--help` use)
 * cannot drift: each `<!-- options: NAME -->` table lists exactly the options of that command,
 * with the same value placeholder and default, and a meaning that starts with the table's
 * one-line description.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMANDS, COMMAND_NAMES, GLOBAL_OPTIONS, optionLabel, type OptionSpec } from '../../src/cli/options.js';

const doc = readFileSync(new URL('../../docs/cli.md', import.meta.url), 'utf8');

interface Row {
  option: string;
  default: string;
  meaning: string;
}

/** The rows of the table after `<!-- options: name -->`, cells unescaped and without backticks. */
function table(name: string): Row[] | null {
  const marker = `<!-- options: ${name} -->\n`;
  const at = doc.indexOf(marker);
  if (at < 0) return null;
  const lines = doc.slice(at + marker.length).split('\n');
  const rows: Row[] = [];
  for (const line of lines.slice(2)) {
    if (!line.startsWith('|')) break;
    const cells = line
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((c) => c.replace(/\\\|/g, '|').trim());
    rows.push({ option: (cells[0] ?? '').replace(/`/g, ''), default: cells[1] ?? '', meaning: cells[2] ?? '' });
  }
  return rows;
}

const sections: Array<[string, Readonly<Record<string, OptionSpec>>]> = [
  ['global', GLOBAL_OPTIONS],
  ...COMMAND_NAMES.filter((c) => Object.keys(COMMANDS[c].options).length > 0).map((c) => [c, COMMANDS[c].options] as [string, Readonly<Record<string, OptionSpec>>]),
];

describe('docs/cli.md option tables match the CLI option table', () => {
  it.each(sections)('%s', (name, options) => {
    const rows = table(name);
    expect(rows, `docs/cli.md has no <!-- options: ${name} --> table`).not.toBeNull();
    expect(rows?.map((r) => r.option)).toEqual(Object.entries(options).map(([n, spec]) => optionLabel(n, spec)));
    for (const [n, spec] of Object.entries(options)) {
      const row = rows?.find((r) => r.option === optionLabel(n, spec));
      expect(row?.default, n).toBe(spec.default ?? '');
      expect(row?.meaning.replace(/`/g, ''), n).toMatch(new RegExp(`^${spec.description.replace(/`/g, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    }
  });
});
