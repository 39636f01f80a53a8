// What the CI step runs: `importspy check src -c spymodel.yml --format sarif`, written to a file.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const bin = fileURLToPath(new URL('../../bin/importspy.js', import.meta.url));
const result = spawnSync(process.execPath, [bin, 'check', 'src', '-c', 'spymodel.yml', '--format', 'sarif'], { cwd: here, encoding: 'utf8' });
writeFileSync(new URL('./importspy.sarif', import.meta.url), result.stdout);
const sarif = JSON.parse(result.stdout);
for (const r of sarif.runs[0].results) {
  const at = r.locations[0].physicalLocation;
  console.log(`${r.level} ${r.ruleId} ${at.artifactLocation.uri}:${at.region.startLine}:${at.region.startColumn} ${r.message.text}`);
}
console.log(`importspy exit code ${result.status}: the pipeline ${result.status === 0 ? 'passes' : 'fails'}`);
process.exitCode = result.status === 1 ? 0 : 1; // the example expects the failure it demonstrates
