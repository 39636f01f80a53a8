// The examples import `importspy` by name, as a project that installed it would. Inside this
// repository that name is provided by a link examples/node_modules/importspy → the package root.
import { mkdirSync, symlinkSync, lstatSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function linkPackage() {
  const link = fileURLToPath(new URL('./node_modules/importspy', import.meta.url));
  try {
    lstatSync(link);
    return;
  } catch {
    // not linked yet
  }
  mkdirSync(fileURLToPath(new URL('./node_modules/', import.meta.url)), { recursive: true });
  symlinkSync(fileURLToPath(new URL('..', import.meta.url)), link, 'junction');
}
