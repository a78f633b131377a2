// The env file a deployment keeps its secrets in (`docker compose --env-file .env.production`):
// KEY=value lines, readable by its owner only. Rewriting one value keeps every other line as it was.
import fs from 'node:fs';
import { parseEnv } from 'node:util';

const OWNER_ONLY = 0o600;

export function readEnvFile(file: string): Record<string, string> {
  return parseEnv(fs.readFileSync(file, 'utf8')) as Record<string, string>;
}

/** Writes a new file of `lines`, owner-only; refuses to replace an existing one unless `force`. */
export function writeEnvFile(file: string, lines: readonly string[], force: boolean): void {
  if (fs.existsSync(file) && !force) {
    throw new Error(`${file} exists; it may hold the only copy of keys that open stored data. Pass --force to replace it`);
  }
  fs.writeFileSync(file, `${lines.join('\n')}\n`, { mode: OWNER_ONLY });
  fs.chmodSync(file, OWNER_ONLY); // writeFileSync keeps the mode of a file it replaces
}

/** Sets `variable` to `value`, in place when the file has it, else at the end; the file stays owner-only. */
export function setInEnvFile(file: string, variable: string, value: string): void {
  const lines = fs.readFileSync(file, 'utf8').replace(/\n$/, '').split('\n');
  const at = lines.findIndex((line) => line.startsWith(`${variable}=`));
  if (at === -1) lines.push(`${variable}=${value}`);
  else lines[at] = `${variable}=${value}`;
  fs.writeFileSync(file, `${lines.join('\n')}\n`, { mode: OWNER_ONLY });
  fs.chmodSync(file, OWNER_ONLY);
}
