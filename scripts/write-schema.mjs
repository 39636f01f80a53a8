// Writes the published JSON Schemas from the built schema (run `npm run build` first):
// schema/spymodel.schema.json (contracts) and schema/importspy.config.schema.json (the project configuration).
import { writeFileSync } from 'node:fs';
import { configJsonSchema, contractJsonSchema } from '../dist/contract/schema.js';

for (const [name, schema] of [['spymodel.schema.json', contractJsonSchema()], ['importspy.config.schema.json', configJsonSchema()]]) {
  writeFileSync(new URL(`../schema/${name}`, import.meta.url), `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote schema/${name}`);
}
