// Installs npm dependencies when they are missing or older than package-lock.json,
// so `npm start` and `npm test` work on a fresh clone. Plain JS: it runs before tsx exists.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const installed = 'node_modules/.package-lock.json';
const stale = !fs.existsSync(installed) || fs.statSync('package-lock.json').mtimeMs > fs.statSync(installed).mtimeMs;
if (stale) {
  console.log('• installing npm dependencies (npm ci)…');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('npm ci failed: check the network access to the npm registry and run `npm ci` by hand to see why.');
    process.exit(result.status ?? 1);
  }
}
