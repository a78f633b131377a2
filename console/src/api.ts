// The console's calls to the API: the access token as a bearer, JSON in and out, and a problem
// document (RFC 9457) turned into an ApiProblem the pages show: its detail, its rule (403/409) and
// its field errors (400).
import { accessToken } from './auth.ts';

export interface Problem {
  status: number;
  title?: string;
  detail?: string;
  rule?: string | null;
  errors?: { path: string; message: string }[];
}

export class ApiProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }
}

/** Called when the API refuses the token (401): the console signs in again. */
let onUnauthorized: () => void = () => undefined;
export function whenUnauthorized(handler: () => void): void {
  onUnauthorized = handler;
}

export async function call<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = { authorization: `Bearer ${accessToken() ?? ''}` };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  if (response.status === 401) onUnauthorized();
  const text = await response.text();
  const body = text ? JSON.parse(text) : undefined;
  if (!response.ok) throw new ApiProblem({ status: response.status, ...(body ?? {}) });
  return body as T;
}

/** A query string from the filled values of a filter. */
export function query(values: Record<string, string | number | boolean | undefined | null>): string {
  const filled = Object.entries(values).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return filled.length ? `?${new URLSearchParams(filled.map(([k, v]) => [k, String(v)])).toString()}` : '';
}
