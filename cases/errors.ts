// Typed failures of operator commands, each mapped to one HTTP status by the API.
export class CaseNotFoundError extends Error {
  override readonly name = 'CaseNotFoundError';
  constructor(
    readonly caseId: string,
    reason?: string,
  ) {
    super(reason ? `no case ${caseId} here: ${reason}` : `no case ${caseId}`);
  }
}

export class CaseAlreadyExistsError extends Error {
  override readonly name = 'CaseAlreadyExistsError';
  constructor(readonly caseId: string) {
    super(`case ${caseId} already exists`);
  }
}

export class UnknownCommandError extends Error {
  override readonly name = 'UnknownCommandError';
  constructor(
    readonly kind: string,
    readonly command: string,
    readonly known: string[],
  ) {
    super(`a ${kind} case has no command "${command}"; its commands are: ${known.join(', ')}`);
  }
}

/** The payload does not match the command's schema; `issues` name the fields. */
export class InvalidCommandError extends Error {
  override readonly name = 'InvalidCommandError';
  constructor(
    readonly command: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super(`${command}: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`);
  }
}

/** The case refused the command under a rule of the domain; the case keeps running. */
export class CommandRejectedError extends Error {
  override readonly name = 'CommandRejectedError';
  constructor(
    readonly caseId: string,
    readonly command: string,
    readonly rule: string | undefined,
    reason: string,
  ) {
    super(reason);
  }
}

/** A history export named a run the case does not have. */
export class RunNotFoundError extends Error {
  override readonly name = 'RunNotFoundError';
  constructor(
    readonly caseId: string,
    readonly runId: string,
  ) {
    super(`case ${caseId} has no run ${runId}`);
  }
}

/** A page cursor that is not one the client gave, or one Temporal cannot read. */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
}

/** Temporal, or the worker running a case, did not answer within the time the call is given. */
export class NoAnswerError extends Error {
  override readonly name = 'NoAnswerError';
  constructor(
    readonly from: string,
    readonly withinMs: number,
  ) {
    super(`${from} did not answer within ${withinMs / 1000} s; try again shortly`);
  }
}

/**
 * The case's worker did not confirm a command in time. It may still be applied once the worker is
 * back; sent again with the same command id, it is applied at most once.
 */
export class CommandNotConfirmedError extends Error {
  override readonly name = 'CommandNotConfirmedError';
  constructor(
    readonly caseId: string,
    readonly command: string,
    readonly commandId: string,
    readonly withinMs: number,
  ) {
    super(
      `the worker running case ${caseId} did not confirm ${command} within ${withinMs / 1000} s; ` +
        `it may still be applied when the worker is back. Send it again with commandId "${commandId}": it is applied at most once`,
    );
  }
}
