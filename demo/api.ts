// The demo's only door into the system: the public HTTP API with bearer tokens, as an agency's
// client would use it. Retries what is worth retrying (503, lost connections), nothing else.
import { randomUUID } from 'node:crypto';
import { sleep } from '../infra/sleep.ts';

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly problem: { title?: string; detail?: string; rule?: string },
    readonly request: string,
  ) {
    super(`${request} → ${status} ${problem.title ?? ''}${problem.detail ? `: ${problem.detail}` : ''}`);
  }
}

export class TaskforceApi {
  requests = 0;
  /** Requests answered 503 and sent again (the worker did not confirm in time). */
  unconfirmed = 0;
  /** 500s answered to a command and retried with its command id: a server fault the demo reports, not hides. */
  readonly serverErrors: string[] = [];

  private token?: Promise<string>;

  /** `signIn` gives a fresh bearer token: the demo outlasts a token's 15 minutes, so it signs in again on a 401. */
  constructor(
    private readonly baseUrl: string,
    private readonly signIn: () => Promise<string>,
  ) {}

  /** `retryServerError`: only for a request that carries its own id (a command), so a retry is applied at most once. */
  async call<T>(method: 'GET' | 'POST', path: string, body?: unknown, retryServerError = false): Promise<T> {
    const request = `${method} ${path}`;
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        this.token ??= this.signIn();
        response = await fetch(`${this.baseUrl}${path}`, {
          method,
          headers: { authorization: `Bearer ${await this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      } catch (error) {
        if (attempt >= 5) throw new Error(`${request}: ${(error as Error).message}; is the API running (npm start)?`);
        await sleep(500 * attempt);
        continue;
      }
      this.requests++;
      if (response.status === 401 && attempt < 5) {
        this.token = undefined;
        continue;
      }
      if (response.status === 503 && attempt < 5) {
        this.unconfirmed++;
        await sleep(500 * attempt);
        continue;
      }
      const text = await response.text();
      const parsed = text ? (JSON.parse(text) as unknown) : undefined;
      if (response.status === 500 && retryServerError && attempt < 5) {
        this.serverErrors.push(`${request}: ${(parsed as ApiProblem['problem'] | undefined)?.detail ?? text}`);
        await sleep(500 * attempt);
        continue;
      }
      if (!response.ok) throw new ApiProblem(response.status, (parsed ?? {}) as ApiProblem['problem'], request);
      return parsed as T;
    }
  }

  async open(kind: string, body: Record<string, unknown>): Promise<{ caseId: string }> {
    const unconfirmedBefore = this.unconfirmed;
    try {
      return await this.call('POST', `/cases/${kind}`, body);
    } catch (error) {
      // An open answered 503 may still have started its case: sent again, it is refused as already
      // existing, which for this request means it is done (the reference names the case).
      const existing =
        error instanceof ApiProblem && error.status === 409 && this.unconfirmed > unconfirmedBefore
          ? /case (\S+) already exists/.exec(error.problem.detail ?? '')?.[1]
          : undefined;
      if (existing) return { caseId: existing };
      throw error;
    }
  }

  /**
   * Each command carries its own id, so a retry after a 503, a lost connection or a 500 is applied at
   * most once. (On a loaded machine a command retried after a 503 was seen to answer 500 "Workflow Update failed".)
   */
  command(caseId: string, command: string, body: Record<string, unknown> = {}): Promise<{ streamVersion: number; events: string[] }> {
    return this.call('POST', `/cases/${encodeURIComponent(caseId)}/commands/${command}`, { commandId: randomUUID(), ...body }, true);
  }

  /** Every row of a paged read-model listing (rows under `field`, and `nextCursor`), following the cursors. */
  async listAll<R>(path: string, field: string, query: Record<string, string>): Promise<R[]> {
    const rows: R[] = [];
    let cursor: string | null = null;
    do {
      const params = new URLSearchParams({ ...query, limit: '100', ...(cursor ? { cursor } : {}) });
      const page: Record<string, unknown> & { nextCursor: string | null } = await this.call('GET', `${path}?${params}`);
      rows.push(...(page[field] as R[]));
      cursor = page.nextCursor;
    } while (cursor);
    return rows;
  }

  state<T = Record<string, unknown>>(caseId: string): Promise<T> {
    return this.call('GET', `/cases/${encodeURIComponent(caseId)}/state`);
  }

  /**
   * Polls a case's live state until `reached` holds (the case works asynchronously, e.g. a raid's
   * hand-overs). A case another case opens answers 404 until it exists, which counts as not yet.
   */
  async waitForState<T = Record<string, unknown>>(caseId: string, reached: (state: T) => boolean, timeoutMs = 300_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const state = await this.state<T>(caseId).catch((error: unknown) => {
        if (error instanceof ApiProblem && error.status === 404) return undefined;
        throw error;
      });
      if (state !== undefined && reached(state)) return state;
      if (Date.now() > deadline) throw new Error(`${caseId} did not reach the expected state within ${timeoutMs / 1000} s`);
      await sleep(250);
    }
  }
}
