// A compliant importer.
import { query } from './lib/db.mjs';

/** @type {number} */
export const schemaVersion = 3;
console.log('reports.mjs ran:', JSON.stringify(query('select 1')));
