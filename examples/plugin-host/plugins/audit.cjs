// A compliant CommonJS plugin without a description: admitted, with a warning.
class Plugin {
  /**
   * @param {string} request
   * @returns {string}
   */
  handle(request) {
    return `audited ${request.length} characters`;
  }
}

/** @type {string} */
const name = 'audit';

module.exports = { name, Plugin };
