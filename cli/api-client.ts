// How CLI commands reach the HTTP API: the URL from --api-url, else the API of the --profile's
// stack, else TASKFORCE_API_URL, else the API of the stack the environment describes
// (TASKFORCE_API_PORT and TASKFORCE_PROFILE, the settings `taskforce start` gives its API too); the
// bearer token from --token, TASKFORCE_TOKEN or the one `taskforce login` kept (cli/stored-token.ts). A problem
// document becomes an error whose message reads like the problem and whose exit code says its
// class (cli/exit-codes.ts).
import { type Command, Option } from 'commander';
import { loadStackConfig, PROFILES, type Profile, profileFromEnv } from '../infra/config.ts';
import { CliError, EXIT, exitCodeForStatus } from './exit-codes.ts';
import { storedAccessToken, tokenFile } from './stored-token.ts';

/** Longer than any answer the API bounds itself (a command waits 15 s for its worker). */
const REQUEST_TIMEOUT_MS = 60_000;

export interface ApiOptions {
  token?: string;
  apiUrl?: string;
  profile?: Profile;
}

/** Adds --token, --api-url and --profile to a command that calls the API. */
export function withApiOptions(command: Command): Command {
  return command
    .option('--token <token>', 'bearer token (default: $TASKFORCE_TOKEN, or the one `taskforce login` kept)')
    .option('--api-url <url>', "the API (default: $TASKFORCE_API_URL, else http://127.0.0.1:$TASKFORCE_API_PORT or the profile's port)")
    .addOption(
      new Option(
        '--profile <profile>',
        'the API of this stack profile, before $TASKFORCE_API_URL (default: $TASKFORCE_PROFILE, else dev)',
      ).choices(PROFILES),
    );
}

/** The API's base URL for these options and environment (see the header). */
export function apiUrlFor(options: ApiOptions, env: NodeJS.ProcessEnv = process.env): string {
  const explicit = options.apiUrl ?? (options.profile ? undefined : env.TASKFORCE_API_URL || undefined);
  if (explicit !== undefined) {
    if (!URL.canParse(explicit) || !/^https?:$/.test(new URL(explicit).protocol)) {
      throw new CliError(`the API URL "${explicit}" is not an http(s) URL`, EXIT.badInput);
    }
    return explicit.replace(/\/+$/, '');
  }
  try {
    return `http://127.0.0.1:${loadStackConfig(env, options.profile ?? profileFromEnv(env)).apiPort}`;
  } catch (error) {
    throw new CliError((error as Error).message, EXIT.badInput);
  }
}

interface ProblemBody {
  status?: number;
  title?: string;
  detail?: string;
  errors?: { path: string; message: string }[];
  rule?: string | null;
  requestId?: string;
}

/** "409 Conflict: <detail> (rule: …)" and one line per field error. */
export function formatProblem(status: number, problem: ProblemBody): string {
  const lines = [
    `${status} ${problem.title ?? 'Error'}: ${problem.detail ?? '(no detail)'}${problem.rule ? ` (rule: ${problem.rule})` : ''}`,
  ];
  for (const error of problem.errors ?? []) lines.push(`  ${error.path}: ${error.message}`);
  if (status >= 500 && problem.requestId) lines.push(`  requestId: ${problem.requestId}`);
  return lines.join('\n');
}

export type Query = Record<string, string | number | boolean | undefined>;

export class ApiClient {
  private readonly baseUrl: string;
  private readonly token: string;

  constructor(options: ApiOptions, env: NodeJS.ProcessEnv = process.env) {
    this.baseUrl = apiUrlFor(options, env);
    const token = options.token ?? env.TASKFORCE_TOKEN ?? storedAccessToken(tokenFile(env));
    if (!token) {
      throw new CliError('no token: sign in with `taskforce login --user <name>`, or pass --token or set TASKFORCE_TOKEN', EXIT.notAllowed);
    }
    this.token = token;
  }

  async get<T>(path: string, query: Query = {}): Promise<T> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
    const search = params.size > 0 ? `?${params}` : '';
    return this.call<T>('GET', `${path}${search}`);
  }

  async post<T>(path: string, body: unknown): Promise<T> {
    return this.call<T>('POST', path, body);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      if ((error as Error).name === 'TimeoutError') {
        throw new CliError(`the API at ${this.baseUrl} did not answer within ${REQUEST_TIMEOUT_MS / 1000} s`, EXIT.unavailable);
      }
      const cause = (error as { cause?: { message?: string } }).cause?.message;
      throw new CliError(
        `cannot reach the API at ${this.baseUrl}${cause ? ` (${cause})` : ''}: is it running (npm start)?`,
        EXIT.unavailable,
      );
    }
    const text = await response.text();
    if (!response.ok) {
      let problem: ProblemBody = {};
      try {
        problem = JSON.parse(text) as ProblemBody;
      } catch {
        problem = { detail: text.slice(0, 500) };
      }
      throw new CliError(formatProblem(response.status, { title: response.statusText, ...problem }), exitCodeForStatus(response.status));
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
