// A non-compliant plugin: `run` instead of `handle`, no `name`. Its top level would leave a
// marker file; ImportSpy rejects it before this line can run.
import { writeFileSync } from 'node:fs';

writeFileSync(new URL('./rogue-ran.txt', import.meta.url), 'the rogue plugin ran\n');

export class Plugin {
  run(request) {
    return request;
  }
}
