// Typed failures of an append, so a caller can tell a lost race (re-read the stream, decide again)
// from a reused event id (a bug in how ids are derived, never worth retrying).

/** Another writer appended first: the stream is not at the version this writer decided on. */
export class VersionConflictError extends Error {
  override readonly name = 'VersionConflictError';
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
    readonly actualVersion: number,
  ) {
    super(`stream ${streamId} is at version ${actualVersion}, but the writer expected version ${expectedVersion}`);
  }
}

/** Some of the batch's event ids are stored already, but not as this same batch at the same positions. */
export class EventIdConflictError extends Error {
  override readonly name = 'EventIdConflictError';
  constructor(
    readonly streamId: string,
    readonly storedEventIds: string[],
  ) {
    super(
      `stream ${streamId}: event ids ${storedEventIds.join(', ')} are already stored elsewhere or in a different batch; ` +
        'a retry must resend exactly the same events at the same expected version',
    );
  }
}
