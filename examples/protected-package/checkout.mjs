// A compliant ESM importer.
import { charge } from 'payments';

/** @type {string} */
export const currency = 'EUR';
export function onPayment(event) {
  return event.id;
}
console.log('checkout.mjs:', JSON.stringify(charge(10, currency)));
