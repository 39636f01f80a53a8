/**
 * Habits carried over from ImportSpy for Python that the schema alone would accept, or refuse
 * without saying why: a `.py` filename, Python type names in module annotations, a `self`
 * parameter, `__init__` as a method. Each is a contract problem that says what to write instead,
 * so a contract copied from a Python project never passes (or fails) silently.
 */
import type { ContractProblem } from './errors.js';

/** Python type names, and the TypeScript type to write. */
const PYTHON_TYPES: Readonly<Record<string, string>> = {
  str: 'string',
  int: 'number',
  float: 'number',
  bool: 'boolean',
  bytes: 'Uint8Array',
  None: 'void (a return type) or null',
  list: 'unknown[] (or string[], ...)',
  dict: 'Record<string, unknown>',
  tuple: '[string, number] (a tuple type)',
};

type Problem = Omit<ContractProblem, 'location'> & { at: PropertyKey[] };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function annotation(value: unknown, at: PropertyKey[], out: Problem[]): void {
  if (typeof value !== 'string') return;
  const name = value.trim();
  const instead = Object.hasOwn(PYTHON_TYPES, name) ? PYTHON_TYPES[name] : undefined;
  if (instead) {
    out.push({ code: 'contract.invalid-value', path: '', at, message: `\`${name}\` is a Python type name; module annotations are TypeScript types: write ${instead}` });
  }
}

function callable(entry: unknown, at: PropertyKey[], out: Problem[], isMethod: boolean): void {
  if (!isRecord(entry)) return;
  if (isMethod && entry['name'] === '__init__') {
    out.push({
      code: 'contract.invalid-value',
      path: '',
      at: [...at, 'name'],
      message: '`__init__` is the Python constructor; a JavaScript class has no method of that name: describe what its constructor sets as `attributes` (type: instance), or remove this entry',
    });
  }
  const args = list(entry['arguments']);
  const first = args[0];
  if (isRecord(first) && (first['name'] === 'self' || (isMethod && first['name'] === 'cls'))) {
    out.push({
      code: 'contract.invalid-value',
      path: '',
      at: [...at, 'arguments', 0, 'name'],
      message: `\`${String(first['name'])}\` is Python's explicit receiver; JavaScript ${isMethod ? 'methods' : 'functions'} have none: remove this argument (the others keep their order)`,
    });
  }
  args.forEach((arg, i) => isRecord(arg) && annotation(arg['annotation'], [...at, 'arguments', i, 'annotation'], out));
  annotation(entry['return_annotation'], [...at, 'return_annotation'], out);
}

function classEntry(entry: unknown, at: PropertyKey[], out: Problem[]): void {
  if (!isRecord(entry)) return;
  list(entry['attributes']).forEach((a, i) => isRecord(a) && annotation(a['annotation'], [...at, 'attributes', i, 'annotation'], out));
  list(entry['methods']).forEach((m, i) => callable(m, [...at, 'methods', i], out, true));
  list(entry['superclasses']).forEach((s, i) => classEntry(s, [...at, 'superclasses', i], out));
}

function moduleExpectation(m: unknown, at: PropertyKey[], out: Problem[]): void {
  if (!isRecord(m)) return;
  const filename = m['filename'];
  if (typeof filename === 'string' && filename.toLowerCase().endsWith('.py')) {
    const stem = filename.slice(0, -3);
    out.push({
      code: 'contract.invalid-value',
      path: '',
      at: [...at, 'filename'],
      message: `${filename} names a Python file; write the module's name without an extension (\`${stem}\`, any JS/TS extension) or with its own (\`${stem}.ts\`, \`${stem}.js\`)`,
    });
  }
  list(m['variables']).forEach((v, i) => isRecord(v) && annotation(v['annotation'], [...at, 'variables', i, 'annotation'], out));
  list(m['functions']).forEach((f, i) => callable(f, [...at, 'functions', i], out, false));
  list(m['classes']).forEach((c, i) => classEntry(c, [...at, 'classes', i], out));
}

/**
 * The Python habits in a contract's raw data, each with the path of the offending value
 * (`locate` turns it into file:line:column). Walks the data defensively: it may not be valid yet.
 */
export function pythonHabits(data: unknown): Array<Omit<ContractProblem, 'location'> & { at: PropertyKey[] }> {
  const out: Problem[] = [];
  moduleExpectation(data, [], out);
  if (isRecord(data)) {
    list(data['deployments']).forEach((d, di) => {
      if (!isRecord(d)) return;
      list(d['systems']).forEach((s, si) => {
        if (!isRecord(s)) return;
        list(s['runtimes']).forEach((r, ri) => {
          if (!isRecord(r)) return;
          list(r['modules']).forEach((m, mi) => moduleExpectation(m, ['deployments', di, 'systems', si, 'runtimes', ri, 'modules', mi], out));
        });
      });
    });
  }
  return out;
}
