// A non-compliant ESM importer: no currency, no onPayment. Blocked before this code runs.
import { charge } from 'payments';

console.log('shortcut.mjs:', JSON.stringify(charge(10, 'EUR')));
