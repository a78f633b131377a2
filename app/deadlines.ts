// The worker and the API read config/deadlines.json before they connect to anything: a bad entry
// stops the process with a message naming it, instead of failing a running case later.
import { DeadlineFileError, loadDeadlineTable } from '../activities/deadline-table.ts';

export function exitOnBadDeadlines(env: NodeJS.ProcessEnv = process.env): void {
  try {
    loadDeadlineTable(env);
  } catch (error) {
    if (!(error instanceof DeadlineFileError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
