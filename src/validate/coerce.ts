/** Environment variables are strings; a contract's annotation says how to read them. */
import type { EnvAnnotation } from '../contract/aliases.js';

export type Coerced = { ok: true; value: unknown } | { ok: false };

const TRUE = new Set(['true', '1', 'yes']);
const FALSE = new Set(['false', '0', 'no']);

export function coerceEnv(raw: string, annotation: EnvAnnotation): Coerced {
  switch (annotation) {
    case 'string':
      return { ok: true, value: raw };
    case 'boolean': {
      const word = raw.trim().toLowerCase();
      if (TRUE.has(word)) return { ok: true, value: true };
      if (FALSE.has(word)) return { ok: true, value: false };
      return { ok: false };
    }
    case 'number':
    case 'integer': {
      if (raw.trim() === '') return { ok: false };
      const n = Number(raw);
      if (!Number.isFinite(n) || (annotation === 'integer' && !Number.isInteger(n))) return { ok: false };
      return { ok: true, value: n };
    }
    case 'json':
      try {
        return { ok: true, value: JSON.parse(raw) as unknown };
      } catch {
        return { ok: false };
      }
  }
}
