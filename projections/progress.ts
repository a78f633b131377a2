// Progress of a long replay (a rebuild), for people: a redrawn bar on a terminal, plain lines in a
// log file or CI. It counts events, never shows them.
export interface Progress {
  done: number;
  total: number;
  elapsedMs: number;
}

const number = new Intl.NumberFormat('en-US');

export function eventsPerSecond({ done, elapsedMs }: Progress): number {
  return elapsedMs > 0 ? Math.round((done * 1000) / elapsedMs) : 0;
}

function percent({ done, total }: Progress): string {
  return `${(total > 0 ? (100 * done) / total : 100).toFixed(1)}%`;
}

export function progressBar(progress: Progress, width = 30): string {
  const filled = progress.total > 0 ? Math.min(width, Math.floor((width * progress.done) / progress.total)) : width;
  const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
  return `[${bar}] ${number.format(progress.done)}/${number.format(progress.total)} events ${percent(progress)} ${number.format(eventsPerSecond(progress))} events/s`;
}

export function progressLine(label: string, progress: Progress): string {
  return `${label}: ${number.format(progress.done)}/${number.format(progress.total)} events (${percent(progress)}), ${number.format(eventsPerSecond(progress))} events/s`;
}

export interface ProgressReporter {
  update(progress: Progress): void;
  finish(progress: Progress): void;
}

/** A bar redrawn at most every 100 ms on a TTY; otherwise a line at most every `lineEveryMs`. */
export function progressReporter(label: string, out: NodeJS.WriteStream = process.stdout, lineEveryMs = 2000): ProgressReporter {
  let lastAt = 0;
  const throttled = (everyMs: number, draw: () => void) => {
    const now = Date.now();
    if (now - lastAt < everyMs) return;
    lastAt = now;
    draw();
  };
  if (out.isTTY) {
    return {
      update: (p) => throttled(100, () => out.write(`\r${label} ${progressBar(p)}`)),
      finish: (p) => out.write(`\r${label} ${progressBar(p)}\n`),
    };
  }
  return {
    update: (p) => throttled(lineEveryMs, () => out.write(`${progressLine(label, p)}\n`)),
    finish: (p) => out.write(`${progressLine(label, p)}\n`),
  };
}
