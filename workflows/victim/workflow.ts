// VictimCaseWorkflow: the durable life of one reported person, from the report to closure.
// Rules live in decider.ts and the clocks in clocks.ts; this shell runs the clocks' timers
// (welfare follow-up while the person is not located, rescue escalation once located) and the
// screening hand-off to a suspect case; case-kit/case-shell.ts does the rest.
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { condition, continueAsNew, patched, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type { Actor } from '../../events/envelope.ts';
import {
  CLOCKS_FROM_FACT_TIME_PATCH,
  continueAsNewIfSuggested,
  finishCase,
  refuseForgedStart,
  startCase,
  waitForStep,
} from '../case-kit/case-shell.ts';
import type { DeadlineActivities, OpenCaseActivities } from '../case-kit/ports.ts';
import type { MessageSeal } from '../case-kit/sealed-message.ts';
import { NextDeadlineKey, OperationIdKey } from '../case-kit/search-attributes.ts';
import { latestWelfareCheckAt, nextDeadline, runningClocks, type VictimClock } from './clocks.ts';
import { ReportVictim, victimCommandSchemas } from './commands.ts';
import { initialVictimState, suspectCaseIdFor, VICTIM_TERMINAL, type VictimState, victimDecider } from './decider.ts';
import { foundInRaidSignal, type VictimCaseInput, type VictimCaseOutcome, victimStateQuery } from './messages.ts';

const { resolveVictimDeadlines } = proxyActivities<DeadlineActivities>({ startToCloseTimeout: '10 seconds' });
const { openCase } = proxyActivities<OpenCaseActivities>({ startToCloseTimeout: '30 seconds' });

/** Histories recorded before this patch restarted the rescue clock on every change; they replay the old path. */
const RESCUE_CLOCK_PATCH = 'rescue-clock-runs-from-location';

function timerActor(state: VictimState): Actor {
  return { agency: state.leadAgency ?? 'MOFA', role: 'supervisor', userId: 'system:deadline-timer' };
}

function searchAttributes(state: VictimState): SearchAttributeUpdatePair[] {
  const deadline = nextDeadline(state);
  const pairs: SearchAttributeUpdatePair[] = [{ key: NextDeadlineKey, value: deadline ? new Date(deadline) : null }];
  if (state.operationId) pairs.push({ key: OperationIdKey, value: state.operationId });
  return pairs;
}

/** Before CLOCKS_FROM_FACT_TIME_PATCH, the timer's length: from where the clock started to its next step. */
function untilNextStep(clock: VictimClock): number {
  return Date.parse(clock.steps[0]!.at) - Date.parse(clock.startedAt);
}

export async function VictimCaseWorkflow(input: VictimCaseInput, seal?: MessageSeal): Promise<VictimCaseOutcome> {
  refuseForgedStart(input, seal);
  const report = ReportVictim.parse(input.report);
  const caseId = report.caseId;
  const { runtime, opened } = startCase({
    kind: 'victim',
    caseId,
    decider: victimDecider,
    initialState: initialVictimState,
    carried: input.carried,
    started: { input, seal },
    opening: async () => ({ ...report, deadlines: await resolveVictimDeadlines() }),
    searchAttributes,
    commands: victimCommandSchemas,
    stateQuery: victimStateQuery,
  });
  setHandler(foundInRaidSignal, async (fact, seal) => {
    await runtime.applySignalledFact(
      { name: foundInRaidSignal.name, content: fact, seal },
      {
        type: 'recordRescue',
        actor: fact.actor,
        occurredAt: fact.occurredAt,
        rescuedBy: fact.rescuedBy,
        operationId: fact.operationId,
      },
    );
  });

  // One timer per rescue deadline, started when the person is located: asking for a rescue or any
  // other change of a located case does not restart it.
  let armedRescueClock: string | null = null;
  const armRescueClock = (clock: VictimClock) => {
    if (armedRescueClock === clock.key) return;
    armedRescueClock = clock.key;
    const due = patched(CLOCKS_FROM_FACT_TIME_PATCH) ? waitForStep(clock.dueAt, () => false) : sleep(untilNextStep(clock));
    void due.then(async () => {
      const stillDue = runningClocks(runtime.state).some((running) => running.key === clock.key && running.steps.length > 0);
      if (stillDue) await runtime.applyFact({ type: 'escalateRescue', actor: timerActor(runtime.state), occurredAt: clock.dueAt });
    });
  };

  await opened;
  let suspectCaseOpened = runtime.state.suspectCaseId !== null;

  while (!VICTIM_TERMINAL.includes(runtime.state.status)) {
    const seen = runtime.streamVersion;
    const changed = () => runtime.streamVersion !== seen;
    const [clock] = runningClocks(runtime.state);
    const step = clock?.steps[0];
    if (clock?.deadlineKind === 'welfare_follow_up' && step && patched(CLOCKS_FROM_FACT_TIME_PATCH)) {
      // Asked again after every change: the next check is due one interval after the last.
      if (!(await waitForStep(step.at, changed))) {
        const occurredAt = latestWelfareCheckAt(runtime.state, new Date().toISOString());
        const recorded = await runtime.applyFact({ type: step.command, actor: timerActor(runtime.state), occurredAt });
        // A check the rules refuse is not tried again until the case changes.
        if (!recorded) await condition(changed);
      }
    } else if (clock?.deadlineKind === 'welfare_follow_up' && step) {
      // Before CLOCKS_FROM_FACT_TIME_PATCH: restarted by every change, one interval from now.
      if (!(await condition(changed, untilNextStep(clock)))) {
        await runtime.applyFact({ type: step.command, actor: timerActor(runtime.state), occurredAt: step.at });
      }
    } else if (clock?.deadlineKind === 'rescue' && step && patched(RESCUE_CLOCK_PATCH)) {
      armRescueClock(clock);
      await condition(changed);
    } else if (clock?.deadlineKind === 'rescue' && step) {
      // Before RESCUE_CLOCK_PATCH: the clock restarted on every change of a located case.
      if (!(await condition(changed, untilNextStep(clock)))) {
        await runtime.applyFact({ type: step.command, actor: timerActor(runtime.state), occurredAt: step.at });
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

    await continueAsNewIfSuggested(() => continueAsNew<typeof VictimCaseWorkflow>({ report: input.report, carried: runtime.carry() }));
  }
  return finishCase(runtime);
}
