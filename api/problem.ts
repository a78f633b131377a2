// Every error the API returns is an RFC 9457 problem document (application/problem+json):
// routes throw a ProblemError, and the error handler turns anything else into one.
import { z } from 'zod';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const FieldIssue = z.object({
  path: z.string().describe('where the value was wrong: "query.limit", "body.people.2.name"'),
  message: z.string(),
});
export type FieldIssue = z.infer<typeof FieldIssue>;

export const Problem = z.object({
  type: z.string().describe('a URI naming the kind of problem'),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  instance: z.string().describe('the path of the request that failed'),
  requestId: z.string(),
  errors: z.array(FieldIssue).optional(),
});
export type Problem = z.infer<typeof Problem>;

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function titleOf(status: number): string {
  return TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
}

function slugOf(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

export function problemType(status: number): string {
  return `urn:taskforce:problem:${slugOf(titleOf(status))}`;
}

/** Thrown by routes to answer with a problem; its detail is shown to the caller, so keep internals out of it. */
export class ProblemError extends Error {
  override readonly name = 'ProblemError';
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly errors?: FieldIssue[],
  ) {
    super(detail);
  }
}

export const badRequest = (detail: string, errors?: FieldIssue[]) => new ProblemError(400, detail, errors);
export const unauthorized = (detail: string) => new ProblemError(401, detail);
export const forbidden = (detail: string) => new ProblemError(403, detail);
export const notFound = (detail: string) => new ProblemError(404, detail);
export const conflict = (detail: string) => new ProblemError(409, detail);
export const unprocessable = (detail: string, errors?: FieldIssue[]) => new ProblemError(422, detail, errors);

/** zod issues as field paths under the part of the request they came from. */
export function fieldIssues(part: string, error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: [part, ...issue.path.map(String)].join('.'), message: issue.message }));
}

export function problemBody(status: number, detail: string, instance: string, requestId: string, errors?: FieldIssue[]): Problem {
  return {
    type: problemType(status),
    title: titleOf(status),
    status,
    detail,
    instance,
    requestId,
    ...(errors ? { errors } : {}),
  };
}
