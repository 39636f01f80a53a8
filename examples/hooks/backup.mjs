// A non-compliant importer: no schemaVersion, and it imports node:child_process.
import { execFileSync } from 'node:child_process';
import { query } from './lib/db.mjs';

console.log('backup.mjs ran:', typeof execFileSync, JSON.stringify(query('select 1')));
