// Each way a case operation fails becomes one problem status; an unreachable Temporal is 503
// rather than a bare 500, whether the SDK wraps the gRPC error or not.
import { ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { ProblemError } from '../../api/problem.ts';
import { caseProblem } from '../../api/routes/cases.ts';
import { CaseAlreadyExistsError, CaseNotFoundError, InvalidCommandError, UnknownCommandError } from '../../cases/errors.ts';

function grpcError(code: number): Error {
  return Object.assign(new Error('14 UNAVAILABLE: No connection established'), {
    code,
    details: 'No connection established',
    metadata: {},
  });
}

const statusOf = (error: unknown) => (caseProblem(error) as ProblemError).status;

describe('case problems', () => {
  it('maps each case error to its status', () => {
    expect(statusOf(new InvalidCommandError('recordLocation', [{ path: 'location', message: 'Required' }]))).toBe(400);
    expect((caseProblem(new InvalidCommandError('x', [{ path: '', message: 'not an object' }])) as ProblemError).errors).toEqual([
      { path: 'body', message: 'not an object' },
    ]);
    expect(statusOf(new UnknownCommandError('victim', 'fly', ['recordLocation']))).toBe(404);
    expect(statusOf(new CaseNotFoundError('victim-1'))).toBe(404);
    expect(statusOf(new CaseAlreadyExistsError('victim-1'))).toBe(409);
  });

  it('answers 503 when Temporal cannot be reached, wrapped or not', () => {
    expect(statusOf(grpcError(14))).toBe(503);
    expect(statusOf(new ServiceError('Failed to query Workflow', { cause: grpcError(14) }))).toBe(503);
  });

  it('answers 503 when Temporal is busy: out of time on the way, refused for load, no worker polling, an Update call timed out', () => {
    expect(statusOf(grpcError(4))).toBe(503);
    expect(statusOf(new ServiceError('Failed to update', { cause: grpcError(8) }))).toBe(503);
    expect(statusOf(Object.assign(grpcError(9), { details: 'no poller seen for task queue recently, worker may be down' }))).toBe(503);
    expect(statusOf(new WorkflowUpdateRPCTimeoutOrCancelledError('Timed out', { cause: new Error('deadline') }))).toBe(503);
    // A failed precondition that is not about pollers is not load: it goes to the 500 handler.
    expect(caseProblem(grpcError(9))).not.toBeInstanceOf(ProblemError);
  });

  it('passes any other error through to the 500 handler', () => {
    const other = grpcError(2);
    expect(caseProblem(other)).toBe(other);
    expect(caseProblem(new Error('boom'))).not.toBeInstanceOf(ProblemError);
  });
});
