// A compliant CommonJS importer.
const { charge } = require('payments');

/** @type {string} */
const currency = 'EUR';
function onPayment(event) {
  return event.id;
}
module.exports = { currency, onPayment };
console.log('checkout.cjs:', JSON.stringify(charge(10, currency)));
