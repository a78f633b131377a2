// config/deadlines.json, read and validated once per process: the worker and the API call
// loadDeadlineTable() when they start, so a bad file stops the start with a message naming each bad
// entry, never a running case. TASKFORCE_DEADLINES_FILE points to another file;
// TASKFORCE_CLOCK_SCALE (dev and test profiles only) divides every period, so that with 1440 a day
// lasts a minute and a clock can be watched lapsing on `npm start`.
import fs from 'node:fs';
import path from 'node:path';
import { PROFILES } from '../infra/config.ts';
import { DeadlineFile, DeadlineTable } from '../workflows/case-kit/deadlines.ts';

export const DEFAULT_DEADLINES_FILE = path.join(import.meta.dirname, '..', 'config', 'deadlines.json');

/** The deadlines file cannot be used: the message says which file and which entries. */
export class DeadlineFileError extends Error {
  override readonly name = 'DeadlineFileError';
}

/** Reads and validates a deadlines file; throws DeadlineFileError naming every bad entry. */
export function readDeadlineFile(file: string): DeadlineFile {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new DeadlineFileError(`deadlines file ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = DeadlineFile.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new DeadlineFileError(`deadlines file ${file} is not valid:\n${issues.join('\n')}`);
  }
  return parsed.data;
}

/** TASKFORCE_CLOCK_SCALE: 1 unless set, and refused outside the local profiles (dev, test, chaos). */
export function clockScaleFrom(env: NodeJS.ProcessEnv): number {
  const raw = env.TASKFORCE_CLOCK_SCALE;
  if (raw === undefined || raw === '' || raw === '1') return 1;
  if (!(PROFILES as readonly (string | undefined)[]).includes(env.TASKFORCE_PROFILE)) {
    throw new DeadlineFileError(
      `TASKFORCE_CLOCK_SCALE=${raw} shortens the legal clocks and is refused in production: it is for the ${PROFILES.join(', ')} profiles only`,
    );
  }
  const scale = Number(raw);
  if (!Number.isInteger(scale) || scale < 1 || scale > 86_400) {
    throw new DeadlineFileError(`TASKFORCE_CLOCK_SCALE must be a whole number from 1 to 86400 (1440: a day lasts a minute), got "${raw}"`);
  }
  return scale;
}

let loaded: DeadlineTable | undefined;

/** The process's deadline table, read once; throws DeadlineFileError when the file or the scale is bad. */
export function loadDeadlineTable(env: NodeJS.ProcessEnv = process.env): DeadlineTable {
  loaded ??= new DeadlineTable(readDeadlineFile(env.TASKFORCE_DEADLINES_FILE || DEFAULT_DEADLINES_FILE), clockScaleFrom(env));
  return loaded;
}
