// The live cases (Temporal) as one caller may see them: a case its agency does not work, or more
// secret than the caller may see, is not found, not listed and not counted, exactly as on the read
// models. How secret a case is comes from the event store (the highest classification among its
// events, eventstore/stream-classification.ts), decided by the one policy (access/policy.ts):
// - one case: one indexed read of its stream (0.4 ms for a 200-event stream);
// - lists and counts: the cases of the kinds asked for that hold an event the caller may not see
//   (one query on the events table) are left out of the visibility query itself
//   (`WorkflowId NOT IN (…)`), so pages stay full, cursors stay Temporal's and counts stay exact.
//   For callers cleared CONFIDENTIAL or SECRET these are the few SECRET cases; a RESTRICTED caller's
//   list excludes every case that reached CONFIDENTIAL, and the query grows with that list
//   (measured on the dev server: 2,000 ids add about 0.2 s).
import type { Caller } from '../access/caller.ts';
import { maySeeRecord, visibleClassifications } from '../access/policy.ts';
import type { Classification } from '../events/envelope.ts';
import type { Queryable } from '../eventstore/stored-events.ts';
import { streamClassification, streamsClassifiedOutside } from '../eventstore/stream-classification.ts';
import { sleep } from '../infra/sleep.ts';
import { type CaseKind, kindOfCaseId } from '../workflows/kinds.ts';
import { type CaseClient, COMMAND_WITHIN_MS } from './client.ts';
import { CaseNotFoundError } from './errors.ts';
import type { CaseFilter, CaseSummary } from './visibility.ts';

/**
 * A case just opened records its opening fact within a workflow task and an activity; under load
 * (the demo beside a test run) that took over 3 s. Wait as long as a command waits for its worker.
 */
export const OPENING_RECORDED_WITHIN_MS = COMMAND_WITHIN_MS;
const OPENING_POLL_MS = 50;

export interface VisibleCase {
  caseId: string;
  kind: CaseKind;
  classification: Classification;
}

export class VisibleCases {
  constructor(
    private readonly cases: CaseClient,
    private readonly db: Queryable,
  ) {}

  /**
   * The case, when the caller may see it: run by this deployment, of a kind the caller's agency
   * works, no more secret than the caller may see. CaseNotFoundError otherwise, whichever it is.
   */
  async find(caller: Caller, caseId: string): Promise<VisibleCase> {
    if (!kindOfCaseId(caseId)) throw new CaseNotFoundError(caseId);
    const description = await this.cases.describe(caseId);
    return this.check(caller, caseId, await this.classificationOf(caseId, description.status.name === 'RUNNING'));
  }

  /**
   * Waits (bounded) until a case this caller just opened has recorded its opening fact and its
   * state shows it, so the answer to the opening means the case is there: its state reads the
   * opened status, and lists and commands see it at once.
   */
  async opened(caseId: string): Promise<boolean> {
    const started = Date.now();
    if ((await this.classificationOf(caseId, true)) === null) return false;
    return this.cases.openingApplied(caseId, Math.max(0, OPENING_RECORDED_WITHIN_MS - (Date.now() - started)));
  }

  /** Like `find`, from the recorded events alone (no Temporal call): for a case a payload names. */
  async findRecorded(caller: Caller, caseId: string): Promise<VisibleCase> {
    return this.check(caller, caseId, await streamClassification(this.db, caseId));
  }

  async list(
    caller: Caller,
    kinds: readonly CaseKind[],
    filter: CaseFilter,
    page: { pageSize: number; cursor?: string },
  ): Promise<{ cases: CaseSummary[]; nextCursor: string | null }> {
    return this.cases.list(filter, page, await this.hiddenFrom(caller, kinds));
  }

  async count(caller: Caller, kinds: readonly CaseKind[], filter: CaseFilter): Promise<number> {
    return this.cases.count(filter, await this.hiddenFrom(caller, kinds));
  }

  private check(caller: Caller, caseId: string, classification: Classification | null): VisibleCase {
    const kind = kindOfCaseId(caseId);
    if (!kind || !classification || !maySeeRecord(caller, { kind, classification })) throw new CaseNotFoundError(caseId);
    return { caseId, kind, classification };
  }

  /** The cases of these kinds that hold an event the caller may not see. */
  private async hiddenFrom(caller: Caller, kinds: readonly CaseKind[]): Promise<string[]> {
    const hidden = await Promise.all(kinds.map((kind) => streamsClassifiedOutside(this.db, [kind], visibleClassifications(caller, kind))));
    return hidden.flat();
  }

  /** The case's classification; a running case without events yet is given a moment to record its opening. */
  private async classificationOf(caseId: string, running: boolean): Promise<Classification | null> {
    const deadline = Date.now() + (running ? OPENING_RECORDED_WITHIN_MS : 0);
    for (;;) {
      const classification = await streamClassification(this.db, caseId);
      if (classification || Date.now() >= deadline) return classification;
      await sleep(OPENING_POLL_MS);
    }
  }
}
