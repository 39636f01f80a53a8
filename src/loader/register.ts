/**
 * `node --import importspy/register app.js`: enforces import contracts on every import edge of
 * the process — those declared by packages (`"importspy": { "contract": ... }` in package.json)
 * and by the project's `importspy.config.yml`. See hooks/install.ts for the settings it reads.
 *
 * @module importspy/register
 */
import { installHooks } from './hooks/install.js';

installHooks();
