// A first-run download said out loud, never minutes of silence: a line before it (what, roughly
// how much), the tool's own lines that name a package and its size, a line every 15 s while it
// runs (with what it has fetched so far, when that can be seen), and a line after it with the size
// and the time taken. A few dozen lines in a CI log at most.
import fs from 'node:fs';
import path from 'node:path';
import { type RunOptions, runShowing } from './run.ts';

export interface Download {
  /** What is fetched, and with what: "the jars of Kafka 4.1.1 with Maven". */
  what: string;
  /** Roughly how much, said before it starts: "about 52 MB, the first time only". */
  about: string;
  /** The folder it fills: its growth is the progress and the size said at the end. */
  into?: string;
  /** Which of the tool's own lines are worth passing on (those naming a package and its size). */
  shows(line: string): boolean;
}

const STILL_FETCHING_EVERY_MS = 15_000;

export function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** Bytes in the files of a folder and its subfolders; 0 for a folder that is not there. */
function folderBytes(dir: string): number {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  let total = 0;
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += folderBytes(full);
    else if (entry.isFile()) total += fs.statSync(full, { throwIfNoEntry: false })?.size ?? 0;
  }
  return total;
}

export async function download(fetching: Download, command: string, args: string[], options: RunOptions = {}): Promise<void> {
  const startedAt = Date.now();
  const seconds = () => Math.round((Date.now() - startedAt) / 1000);
  const before = fetching.into ? folderBytes(fetching.into) : 0;
  const fetched = () => (fetching.into ? folderBytes(fetching.into) - before : undefined);
  console.log(`  fetching ${fetching.what}: ${fetching.about}…`);
  const stillFetching = setInterval(() => {
    const soFar = fetched();
    console.log(`    … ${soFar === undefined ? '' : `${megabytes(soFar)} so far, `}${seconds()} s`);
  }, STILL_FETCHING_EVERY_MS);
  try {
    await runShowing(command, args, {
      ...options,
      onLine: (line) => {
        if (fetching.shows(line)) console.log(`    ${line.trim()}`);
      },
    });
  } finally {
    clearInterval(stillFetching);
  }
  const size = fetched();
  console.log(`  fetched ${fetching.what}${size === undefined ? '' : `: ${megabytes(size)}`} in ${seconds()} s`);
}
