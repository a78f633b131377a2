// Turns whatever went wrong into a problem document. Known errors say what was wrong; anything
// unexpected becomes a bare 500 whose details go to the log (without the request body), never
// to the caller.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { EventValidationError, UnknownEventTypeError } from '../events/errors.ts';
import { type FieldIssue, PROBLEM_CONTENT_TYPE, ProblemError, problemBody } from './problem.ts';

interface Answer {
  status: number;
  detail: string;
  errors?: FieldIssue[];
}

function pathOf(request: FastifyRequest): string {
  return request.url.split('?')[0] ?? request.url;
}

function isFastifyClientError(error: unknown): error is FastifyError {
  const e = error as Partial<FastifyError>;
  return (
    typeof e.code === 'string' && e.code.startsWith('FST_') && typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500
  );
}

function answerFor(error: unknown, request: FastifyRequest): Answer | undefined {
  if (error instanceof ProblemError) return { status: error.status, detail: error.detail, errors: error.errors };
  if (error instanceof EventValidationError) return { status: 422, detail: error.message, errors: error.issues };
  if (error instanceof UnknownEventTypeError) return { status: 422, detail: error.message };
  if (isFastifyClientError(error)) {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return { status: 413, detail: `the request body is larger than this route accepts (${request.routeOptions.bodyLimit} bytes)` };
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return {
        status: 415,
        detail: `this route does not accept ${request.headers['content-type'] ?? 'a body without a content type'}; send application/json`,
      };
    }
    return { status: error.statusCode!, detail: error.message };
  }
  return undefined;
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, answer: Answer): FastifyReply {
  if (answer.status === 401) reply.header('www-authenticate', 'Bearer realm="taskforce"');
  return reply
    .code(answer.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify(problemBody(answer.status, answer.detail, pathOf(request), request.id, answer.errors)));
}

export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const answer = answerFor(error, request);
  if (answer) return sendProblem(request, reply, answer);
  const e = error instanceof Error ? error : new Error(String(error));
  // Only what identifies the fault: no request body, no error fields (pg puts row values in `detail`).
  request.log.error(
    { error: { name: e.name, message: e.message, code: (e as { code?: unknown }).code, stack: e.stack } },
    'unexpected error',
  );
  return sendProblem(request, reply, { status: 500, detail: 'an unexpected error occurred; quote the requestId when reporting it' });
}

export function handleNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendProblem(request, reply, { status: 404, detail: `no route matches ${request.method} ${pathOf(request)}` });
}
