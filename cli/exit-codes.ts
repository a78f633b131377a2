// The exit codes of `taskforce`, one per class of outcome, so a script can tell "fix the input"
// from "sign in again" from "try again later" without reading the message. One table: the CLI
// exits by it, `taskforce --help` prints it, the README lists it and a test checks each class.

export const EXIT = {
  ok: 0,
  unexpected: 1,
  badInput: 2,
  notAllowed: 3,
  notFound: 4,
  refused: 5,
  unavailable: 6,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** What each code means, in the order `--help` lists them. */
export const EXIT_CODE_MEANINGS: readonly (readonly [ExitCode, string])[] = [
  [EXIT.ok, 'done'],
  [EXIT.unexpected, 'unexpected error (a 5xx answer, a bug)'],
  [EXIT.badInput, 'bad usage or input: an unknown option, invalid JSON, an answer 400, 413, 415 or 422'],
  [EXIT.notAllowed, 'not signed in or not allowed: no or expired token, an answer 401 or 403'],
  [EXIT.notFound, 'not found: an answer 404'],
  [EXIT.refused, 'refused by a rule or in conflict: an answer 409 (its rule is printed)'],
  [EXIT.unavailable, 'unavailable: the API or database cannot be reached, a timeout, an answer 429, 502, 503 or 504; try again'],
];

const BY_STATUS: Readonly<Record<number, ExitCode>> = {
  400: EXIT.badInput,
  413: EXIT.badInput,
  415: EXIT.badInput,
  422: EXIT.badInput,
  401: EXIT.notAllowed,
  403: EXIT.notAllowed,
  404: EXIT.notFound,
  409: EXIT.refused,
  429: EXIT.unavailable,
  502: EXIT.unavailable,
  503: EXIT.unavailable,
  504: EXIT.unavailable,
};

/** The exit code for an HTTP error status of the API. */
export function exitCodeForStatus(status: number): ExitCode {
  return BY_STATUS[status] ?? EXIT.unexpected;
}

/** An error the CLI reports in one message and exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
  }
}

/** Errors of Node's sockets that mean "nothing answers there": a service down or unreachable. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'ETIMEDOUT', 'EAI_AGAIN']);

/** The exit code for anything a command threw. */
export function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof CliError) return error.exitCode;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && UNREACHABLE.has(code) ? EXIT.unavailable : EXIT.unexpected;
}

/** The `--help` epilogue. */
export function exitCodesHelp(): string {
  return ['', 'Exit codes:', ...EXIT_CODE_MEANINGS.map(([code, meaning]) => `  ${code}  ${meaning}`)].join('\n');
}
