// A non-compliant CommonJS importer. Blocked before the next line runs.
const { charge } = require('payments');

console.log('shortcut.cjs:', JSON.stringify(charge(10, 'EUR')));
