// How CLI commands reach the HTTP API: the URL from --api-url or TASKFORCE_API_URL (default
// http://127.0.0.1:3000), the bearer token from --token, TASKFORCE_TOKEN or the one `taskforce
// login` kept (cli/stored-token.ts). A problem document becomes an error whose message reads like the problem,
// so `taskforce` prints it and exits non-zero.
import type { Command } from 'commander';
import { storedAccessToken, tokenFile } from './stored-token.ts';

export const DEFAULT_API_URL = 'http://127.0.0.1:3000';

export interface ApiOptions {
  token?: string;
  apiUrl?: string;
}

/** Adds --token and --api-url to a command that calls the API. */
export function withApiOptions(command: Command): Command {
  return command
    .option('--token <token>', 'bearer token (default: $TASKFORCE_TOKEN, or the one `taskforce login` kept)')
    .option('--api-url <url>', `the API (default: $TASKFORCE_API_URL or ${DEFAULT_API_URL})`);
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

export class ApiClient {
  private readonly baseUrl: string;
  private readonly token: string;

  constructor(options: ApiOptions, env: NodeJS.ProcessEnv = process.env) {
    this.baseUrl = (options.apiUrl ?? env.TASKFORCE_API_URL ?? DEFAULT_API_URL).replace(/\/+$/, '');
    const token = options.token ?? env.TASKFORCE_TOKEN ?? storedAccessToken(tokenFile(env));
    if (!token) throw new Error('no token: sign in with `taskforce login --user <name>`, or pass --token or set TASKFORCE_TOKEN');
    this.token = token;
  }

  async get<T>(path: string, query: Record<string, string | number | boolean | undefined> = {}): Promise<T> {
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
      });
    } catch (error) {
      const cause = (error as { cause?: { message?: string } }).cause?.message;
      throw new Error(`cannot reach the API at ${this.baseUrl}${cause ? ` (${cause})` : ''}: is it running (npm start)?`);
    }
    const text = await response.text();
    if (!response.ok) {
      let problem: ProblemBody = {};
      try {
        problem = JSON.parse(text) as ProblemBody;
      } catch {
        problem = { detail: text.slice(0, 500) };
      }
      throw new Error(formatProblem(response.status, { title: response.statusText, ...problem }));
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

/** Parses a --data argument: a JSON object. */
export function parseData(data: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch (error) {
    throw new Error(`--data is not JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('--data must be a JSON object');
  return value as Record<string, unknown>;
}
