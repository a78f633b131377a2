// VictimCaseWorkflow: the durable life of one reported person, from the report to closure.
// Rules live in decider.ts; this shell adds the clocks (welfare follow-up while the person is
// not located, rescue escalation once located), the screening hand-off to a suspect case,
// search attributes, and continue-as-new.
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Actor } from '../../events/envelope.ts';
import { CaseRuntime } from '../case-kit/case-runtime.ts';
import type { DeadlineActivities, OpenCaseActivities } from '../case-kit/ports.ts';
import { CaseKindKey, CaseStatusKey, LeadAgencyKey, NextDeadlineKey, OperationIdKey } from '../case-kit/search-attributes.ts';
import { ReportVictim, type VictimCommand, victimCommandSchemas } from './commands.ts';
import { addDays, initialVictimState, suspectCaseIdFor, VICTIM_TERMINAL, type VictimState, victimDecider } from './decider.ts';
import { foundInRaidSignal, type VictimCaseInput, type VictimCaseOutcome, victimStateQuery } from './messages.ts';

const { resolveVictimDeadlines } = proxyActivities<DeadlineActivities>({ startToCloseTimeout: '10 seconds' });
const { openCase } = proxyActivities<OpenCaseActivities>({ startToCloseTimeout: '30 seconds' });

const DAY_MS = 86_400_000;
/** Histories recorded before this patch restarted the rescue clock on every change; they replay the old path. */
const RESCUE_CLOCK_PATCH = 'rescue-clock-runs-from-location';

function timerActor(state: VictimState): Actor {
  return { agency: state.leadAgency ?? 'MOFA', role: 'supervisor', userId: 'system:deadline-timer' };
}

function nextDeadline(state: VictimState): Date | null {
  if (state.rescueDeadline && !state.rescueEscalated) return new Date(state.rescueDeadline);
  if ((state.status === 'REPORTED' || state.status === 'CONTACT_LOST') && state.statusSince) {
    return new Date(addDays(state.statusSince, (state.welfareChecks + 1) * state.deadlines.welfareFollowUpDays));
  }
  return null;
}

function publishSearchAttributes(state: VictimState): void {
  const pairs: SearchAttributeUpdatePair[] = [
    { key: CaseKindKey, value: 'victim' },
    { key: CaseStatusKey, value: state.status },
    { key: NextDeadlineKey, value: nextDeadline(state) },
  ];
  if (state.leadAgency) pairs.push({ key: LeadAgencyKey, value: state.leadAgency });
  if (state.operationId) pairs.push({ key: OperationIdKey, value: state.operationId });
  upsertSearchAttributes(pairs);
}

export async function VictimCaseWorkflow(input: VictimCaseInput): Promise<VictimCaseOutcome> {
  const report = ReportVictim.parse(input.report);
  const caseId = report.caseId;
  let revision = 0;
  const runtime = new CaseRuntime<VictimState, VictimCommand>(
    caseId,
    victimDecider,
    input.carried ?? { state: initialVictimState(caseId), streamVersion: 0 },
    (state) => {
      revision++;
      publishSearchAttributes(state);
    },
  );
  // Queued before any handler is registered and before any await, so the report is always the
  // stream's first event and updates sent right after the start wait their turn behind it.
  const reported = input.carried
    ? Promise.resolve()
    : runtime.execute(async () => ({ ...report, deadlines: await resolveVictimDeadlines() }));

  runtime.registerCommands(victimCommandSchemas);
  setHandler(victimStateQuery, () => runtime.state);
  setHandler(foundInRaidSignal, async (fact) => {
    await runtime.applyFact({
      type: 'recordRescue',
      actor: fact.actor,
      occurredAt: fact.occurredAt,
      rescuedBy: fact.rescuedBy,
      operationId: fact.operationId,
    });
  });

  // One timer per rescue deadline, started when the person is located: asking for a rescue or any
  // other change of a located case does not restart it.
  let armedRescueDeadline: string | null = null;
  const armRescueClock = (deadline: string) => {
    if (armedRescueDeadline === deadline) return;
    armedRescueDeadline = deadline;
    void sleep(runtime.state.deadlines.rescueEscalationDays * DAY_MS).then(async () => {
      const now = runtime.state;
      if (now.rescueDeadline === deadline && !now.rescueEscalated) {
        await runtime.applyFact({ type: 'escalateRescue', actor: timerActor(now), occurredAt: deadline });
      }
    });
  };

  await reported;
  let suspectCaseOpened = runtime.state.suspectCaseId !== null;

  while (!VICTIM_TERMINAL.includes(runtime.state.status)) {
    const seen = revision;
    const state = runtime.state;
    const changed = () => revision !== seen;
    if ((state.status === 'REPORTED' || state.status === 'CONTACT_LOST') && state.statusSince) {
      if (!(await condition(changed, state.deadlines.welfareFollowUpDays * DAY_MS))) {
        await runtime.applyFact({
          type: 'welfareCheckDue',
          actor: timerActor(state),
          occurredAt: addDays(state.statusSince, (state.welfareChecks + 1) * state.deadlines.welfareFollowUpDays),
        });
      }
    } else if (state.rescueDeadline && !state.rescueEscalated && patched(RESCUE_CLOCK_PATCH)) {
      armRescueClock(state.rescueDeadline);
      await condition(changed);
    } else if (state.rescueDeadline && !state.rescueEscalated) {
      // Before RESCUE_CLOCK_PATCH: the clock restarted on every change of a located case.
      if (!(await condition(changed, state.deadlines.rescueEscalationDays * DAY_MS))) {
        await runtime.applyFact({ type: 'escalateRescue', actor: timerActor(state), occurredAt: state.rescueDeadline });
      }
    } else {
      await condition(changed);
    }

    if (runtime.state.suspectCaseId && !suspectCaseOpened) {
      // Screening found a victim-offender: open the suspect case, keeping the link both ways.
      await openCase({
        workflowType: 'SuspectCaseWorkflow',
        workflowId: suspectCaseIdFor(caseId),
        args: [
          {
            identify: {
              type: 'identifySuspect',
              caseId: suspectCaseIdFor(caseId),
              actor: timerActor(runtime.state),
              occurredAt: runtime.state.statusSince ?? report.occurredAt,
              leadAgency: 'NPA',
              personName: report.personName,
              birthDate: report.birthDate,
              hostCountry: report.hostCountry,
              source: 'screening',
              linkedVictimCaseId: caseId,
            },
          },
        ],
      });
      suspectCaseOpened = true;
    }

    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof VictimCaseWorkflow>({
        report: input.report,
        carried: runtime.carry(),
      });
    }
  }
  await condition(allHandlersFinished);
  return { caseId, status: runtime.state.status, streamVersion: runtime.streamVersion };
}
