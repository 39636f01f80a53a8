/**
 * Editor support: every property of the published JSON Schemas has a description, and it is the
 * text of FIELD_DOCS / CONFIG_FIELD_DOCS — the same text the generated TypeScript types carry.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_FIELD_DOCS, FIELD_DOCS } from '../../src/contract/field-docs.js';
import { configJsonSchema, contractJsonSchema } from '../../src/contract/schema.js';

const root = new URL('../../', import.meta.url);

/** Every `properties` entry anywhere in a schema, with its name and its JSON pointer. */
function properties(schema: unknown, at = '#'): Array<{ name: string; at: string; description: unknown }> {
  const out: Array<{ name: string; at: string; description: unknown }> = [];
  const visit = (node: unknown, path: string): void => {
    if (Array.isArray(node)) node.forEach((n, i) => visit(n, `${path}/${i}`));
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'properties' && value && typeof value === 'object') {
          for (const [name, prop] of Object.entries(value)) out.push({ name, at: `${path}/properties/${name}`, description: (prop as { description?: unknown }).description });
        }
        visit(value, `${path}/${key}`);
      }
    }
  };
  visit(schema, at);
  return out;
}

describe('the JSON Schemas describe every property, from the one source', () => {
  it('spymodel.schema.json', () => {
    const props = properties(contractJsonSchema());
    expect(props.length).toBeGreaterThan(100);
    const docs: Record<string, string> = FIELD_DOCS;
    for (const p of props) expect(p.description, p.at).toBe(docs[p.name]);
  });

  it('importspy.config.schema.json, published and current (run `npm run schema` when this fails)', () => {
    const schema = configJsonSchema();
    const docs: Record<string, string> = CONFIG_FIELD_DOCS;
    for (const p of properties(schema)) expect(p.description, p.at).toBe(docs[p.name]);
    expect(JSON.parse(readFileSync(new URL('schema/importspy.config.schema.json', root), 'utf8'))).toEqual(schema);
    const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { exports: Record<string, string> };
    expect(pkg.exports['./config-schema.json']).toBe('./schema/importspy.config.schema.json');
  });

  it('the generated TypeScript types carry the same texts', () => {
    const generated = readFileSync(new URL('src/contract/types.generated.ts', root), 'utf8');
    for (const text of [...Object.values(FIELD_DOCS), ...Object.values(CONFIG_FIELD_DOCS)]) expect(generated).toContain(`/** ${text} */`);
  });
});

describe('docs/contract.md has the editor recipe', () => {
  it('names the extension, the modeline and the settings for both schemas', () => {
    const doc = readFileSync(new URL('docs/contract.md', root), 'utf8');
    expect(doc).toContain('redhat.vscode-yaml');
    expect(doc).toContain('# yaml-language-server: $schema=./node_modules/importspy/schema/spymodel.schema.json');
    expect(doc).toContain('"./node_modules/importspy/schema/importspy.config.schema.json": ["importspy.config.yml"]');
  });
});
