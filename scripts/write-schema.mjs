// Writes schema/spymodel.schema.json from the built schema (run `npm run build` first).
import { writeFileSync } from 'node:fs';
import { contractJsonSchema } from '../dist/contract/schema.js';

const target = new URL('../schema/spymodel.schema.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(contractJsonSchema(), null, 2)}\n`);
console.log('wrote schema/spymodel.schema.json');
