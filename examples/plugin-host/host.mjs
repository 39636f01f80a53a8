// A plugin host: load every plugin of ./plugins, admit those that honour plugin.yml, report the rest.
import { existsSync } from 'node:fs';
import { loadAll, formatReport, createLogger } from 'importspy';

const { admitted, rejected } = await loadAll('./plugins/', {
  contract: './plugin.yml',
  parentURL: import.meta.url,
  logger: createLogger('error'),
});

for (const { specifier, namespace } of admitted) {
  const plugin = new namespace.Plugin();
  console.log(`admitted ${specifier.split('/').pop()}: ${plugin.handle('world')}`);
}
for (const { specifier, report } of rejected) {
  console.log(`rejected ${specifier.split('/').pop()}:`);
  console.log(formatReport(report, 'text').replace(/^/gm, '    '));
}
console.log(`rogue plugin code ran: ${existsSync(new URL('./plugins/rogue-ran.txt', import.meta.url)) ? 'yes' : 'no'}`);
