// Progress of long work, for people: on a terminal one line redrawn in place, elsewhere (a log file,
// CI) plain lines a few seconds apart, so a log neither floods nor holds carriage returns. Projection
// rebuilds, the demo and the scale benchmark all report through it; it counts, never shows the work.
export interface Progress {
  done: number;
  total: number;
  elapsedMs: number;
}

const number = new Intl.NumberFormat('en-US');

export function perSecond({ done, elapsedMs }: Progress): number {
  return elapsedMs > 0 ? Math.round((done * 1000) / elapsedMs) : 0;
}

function percent({ done, total }: Progress): string {
  return `${(total > 0 ? (100 * Math.min(done, total)) / total : 100).toFixed(1)}%`;
}

/** `unit` names what is counted, in the plural: "events", "requests". */
export function progressBar(progress: Progress, unit: string, width = 30): string {
  const filled = progress.total > 0 ? Math.min(width, Math.floor((width * progress.done) / progress.total)) : width;
  const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
  return `[${bar}] ${number.format(progress.done)}/${number.format(progress.total)} ${unit} ${percent(progress)} ${number.format(perSecond(progress))} ${unit}/s`;
}

export function progressLine(label: string, progress: Progress, unit: string): string {
  return `${label}: ${number.format(progress.done)}/${number.format(progress.total)} ${unit} (${percent(progress)}), ${number.format(perSecond(progress))} ${unit}/s`;
}

export interface ProgressReporter {
  /** `step`, when given, says what is being done now ("victims: recordRescue"). */
  update(progress: Progress, step?: string): void;
  finish(progress: Progress): void;
}

export interface ProgressOptions {
  unit: string;
  out?: NodeJS.WriteStream;
  /** Off a terminal, the least time between two lines. */
  lineEveryMs?: number;
}

/** A bar redrawn at most every 100 ms on a TTY; otherwise a line at most every `lineEveryMs`. */
export function progressReporter(label: string, { unit, out = process.stdout, lineEveryMs = 2000 }: ProgressOptions): ProgressReporter {
  let lastAt = 0;
  const throttled = (everyMs: number, draw: () => void) => {
    const now = Date.now();
    if (now - lastAt < everyMs) return;
    lastAt = now;
    draw();
  };
  const withStep = (text: string, step: string | undefined) => (step ? `${text}  ${step}` : text);
  if (out.isTTY) {
    // Spaces over whatever a longer line before left behind.
    let drawnLength = 0;
    const redraw = (text: string, end = '') => {
      out.write(`\r${text.padEnd(drawnLength)}${end}`);
      drawnLength = text.length;
    };
    return {
      update: (p, step) => throttled(100, () => redraw(withStep(`${label} ${progressBar(p, unit)}`, step))),
      finish: (p) => redraw(`${label} ${progressBar(p, unit)}`, '\n'),
    };
  }
  return {
    update: (p, step) => throttled(lineEveryMs, () => out.write(`${withStep(progressLine(label, p, unit), step)}\n`)),
    finish: (p) => out.write(`${progressLine(label, p, unit)}\n`),
  };
}

export interface ProgressCounter {
  /** `by` more done; `step` says what. */
  advance(by?: number, step?: string): void;
  finish(): void;
}

/** For work counted as it goes toward a known total (requests sent, events appended), timed from now. */
export function progressCounter(reporter: ProgressReporter, total: number): ProgressCounter {
  const startedAt = Date.now();
  let done = 0;
  const progress = (): Progress => ({ done, total, elapsedMs: Date.now() - startedAt });
  return {
    advance: (by = 1, step) => {
      done += by;
      reporter.update(progress(), step);
    },
    finish: () => reporter.finish(progress()),
  };
}
