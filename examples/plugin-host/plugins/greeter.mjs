// A compliant plugin. JSDoc annotations count as declared types in JavaScript.
/** @type {string} */
export const name = 'greeter';
export const description = 'says hello';

export class Plugin {
  /**
   * @param {string} request
   * @returns {string}
   */
  handle(request) {
    return `hello, ${request}`;
  }
}
