// The one command path of every case workflow: commands arrive as Updates (validated by the pure
// decider before anything reaches history), run one at a time, append their events through the
// appendEvents activity, then fold them into state. A kind may wrap a command in saga steps that
// run in the same turn (the flight asks a suspect case before it records a seat). Every command,
// and every fact another case signals, travels with its seal: an Update without one, or with a
// payload that arrived unencrypted, is refused before it reaches history; the seal itself is
// verified by the activity that acts on the message first (sealed-message.ts). Runs in the
// workflow sandbox.

import type { UpdateDefinition } from '@temporalio/common';
import {
  ActivityFailure,
  ApplicationFailure,
  defineUpdate,
  log,
  patched,
  proxyActivities,
  setHandler,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { z } from 'zod';
import type { NewEvent } from '../../events/envelope.ts';
import type { AppendActivities } from './ports.ts';
import { type CommandMeta, checkFactOrder, type DecidedEvent, type Decider, DomainRuleError, type KindEvent } from './rules.ts';
import {
  arrivedUnencrypted,
  hasSealShape,
  MESSAGE_NOT_SEALED,
  MESSAGE_SEAL_REFUSED,
  PAYLOAD_NOT_ENCRYPTED,
  type SealedMessage,
} from './sealed-message.ts';

const { appendEvents } = proxyActivities<AppendActivities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '200 milliseconds',
    maximumInterval: '10 seconds',
    nonRetryableErrorTypes: ['EventValidationError', 'UnknownEventTypeError', 'VersionConflictError', 'EventIdConflictError'],
  },
});

export interface CommandResult {
  streamVersion: number;
  events: string[];
}

/** What every command carries: its type and the metadata of who gives it, when. */
export type BaseCommand = CommandMeta & { type: string };

/**
 * A kind's saga around one command, run in the command's turn once the rules allow it: `record`
 * appends and applies the command's events; what the step does before and after is its own
 * (ask another case first, tell the cases on board after). Throwing refuses the command. The
 * step runs before the command's seal is verified by its append: an activity it calls on the
 * command's behalf is given `sentAs` and verifies the seal itself before it acts.
 */
export type CommandStep<Command> = (
  command: Command,
  record: () => Promise<CommandResult>,
  sentAs: SealedMessage,
) => Promise<CommandResult>;

/** The saga steps of the commands that have one; every other command is only recorded. */
export type CommandSteps<Command extends BaseCommand> = {
  [Type in Command['type']]?: CommandStep<Extract<Command, { type: Type }>>;
};

/**
 * A check a kind makes when an Update arrives, on what the workflow knows beyond its state (e.g.
 * a notice received whose fact is still queued); throwing a DomainRuleError refuses the command.
 */
export type Admission<State, Command> = (command: Command, state: State) => void;

/** What a run hands the next when it continues as new. */
export interface CarriedCase<State> {
  state: State;
  streamVersion: number;
  /** The results of the latest commands, by command id (see CaseRuntime.answered). */
  answered?: [string, CommandResult][];
}

/** How many command results a case remembers across continue-as-new. */
const ANSWERS_KEPT = 200;

/** An activity refused the message it was asked to act on: its seal does not verify. */
function isSealRefusal(error: unknown): error is ActivityFailure & { cause: ApplicationFailure } {
  return error instanceof ActivityFailure && error.cause instanceof ApplicationFailure && error.cause.type === MESSAGE_SEAL_REFUSED;
}

function asRejection(error: unknown): ApplicationFailure {
  if (error instanceof DomainRuleError) return ApplicationFailure.nonRetryable(error.message, 'DomainRuleError', { rule: error.rule });
  if (error instanceof ApplicationFailure) return error;
  if (isSealRefusal(error)) return ApplicationFailure.nonRetryable(error.cause.message, MESSAGE_SEAL_REFUSED);
  // A failed activity says only that it failed; its cause says why (e.g. the case asked does not run).
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return ApplicationFailure.nonRetryable(cause instanceof Error ? cause.message : String(cause), 'CommandFailed');
}

/**
 * Commands dated before the fact that put the case in its current status are refused
 * (rules.ts, checkFactOrder). Histories recorded before this patch accepted them; they replay that.
 */
export const FACT_ORDER_PATCH = 'commands-follow-earlier-facts';

/** What the runtime reads of every kind's state: when its current status began. */
export interface TimedState {
  statusSince: string | null;
}

export class CaseRuntime<State extends TimedState, Command extends BaseCommand, Event extends KindEvent = KindEvent> {
  state: State;
  streamVersion: number;
  private queue: Promise<unknown> = Promise.resolve();
  /** Commands accepted but not yet applied; while any are, validators cannot know the final state. */
  private pending = 0;
  /**
   * Results of the latest commands by command id (the Update id). Temporal runs an Update id once,
   * but only within a run: a command sent again with its id after the case continued as new must
   * answer what it answered then, not apply twice.
   */
  private readonly answered: Map<string, CommandResult>;

  constructor(
    readonly streamId: string,
    private readonly decider: Decider<State, Command, Event>,
    initial: CarriedCase<State>,
    private readonly onChange: (state: State) => void,
  ) {
    this.state = initial.state;
    this.streamVersion = initial.streamVersion;
    this.answered = new Map(initial.answered ?? []);
  }

  /** What the next run starts from when this one continues as new. */
  carry(): CarriedCase<State> {
    return { state: this.state, streamVersion: this.streamVersion, answered: [...this.answered] };
  }

  private remember(commandId: string, result: CommandResult): void {
    this.answered.set(commandId, result);
    if (this.answered.size > ANSWERS_KEPT) this.answered.delete(this.answered.keys().next().value!);
  }

  /** Runs commands strictly one after another, so each is decided on the state its predecessor left. */
  private serialised<T>(work: () => Promise<T>): Promise<T> {
    this.pending++;
    const next = this.queue.then(work).finally(() => {
      this.pending--;
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * Decides, appends and applies one command; throws DomainRuleError when a rule forbids it. A
   * command may be given as a function, run in its turn, when building it needs an activity or the
   * time it is applied. `sentAs` is the message from outside that asked for it, whose seal the
   * append verifies; null for a fact the case makes itself.
   */
  execute(commandOrBuilder: Command | (() => Command | Promise<Command>), sentAs: SealedMessage | null): Promise<CommandResult> {
    return this.turn(commandOrBuilder, sentAs);
  }

  /** One command's turn, inside its saga step when it has one. */
  private turn(
    commandOrBuilder: Command | (() => Command | Promise<Command>),
    sentAs: SealedMessage | null,
    step?: (command: Command, record: () => Promise<CommandResult>) => Promise<CommandResult>,
    checkOrder = false,
  ): Promise<CommandResult> {
    return this.serialised(async () => {
      const command = typeof commandOrBuilder === 'function' ? await commandOrBuilder() : commandOrBuilder;
      if (checkOrder) checkFactOrder(command, this.state.statusSince);
      // Decided before the step runs, so a refused command asks no one; nothing but this turn
      // changes the state until it ends, so the decision still holds when the step records it.
      const decided = this.decider.decide(command, this.state);
      const record = async (): Promise<CommandResult> => {
        await this.record(decided, command, sentAs);
        return { streamVersion: this.streamVersion, events: decided.map((e) => e.type) };
      };
      return step ? step(command, record) : record();
    });
  }

  private async record(decided: DecidedEvent<Event>[], command: Command, sentAs: SealedMessage | null): Promise<void> {
    if (decided.length === 0) return;
    const events: NewEvent[] = decided.map((event) => ({
      eventId: uuid4(),
      type: event.type,
      streamId: this.streamId,
      occurredAt: command.occurredAt,
      actor: command.actor,
      correlationId: command.correlationId ?? workflowInfo().workflowId,
      causationId: command.commandId ?? null,
      data: event.data,
      ...(event.classification ? { classification: event.classification } : {}),
    }));
    const result = await appendEvents({ streamId: this.streamId, expectedVersion: this.streamVersion, events, sentAs });
    this.streamVersion = result.streamVersion;
    this.state = decided.reduce((state, event) => this.decider.evolve(state, { ...event, occurredAt: command.occurredAt }), this.state);
    this.onChange(this.state);
  }

  /**
   * Registers one Update per command; each validator checks the payload schema and the domain rules.
   * A command with a saga step runs it in its turn (see CommandStep).
   */
  registerCommands(
    schemas: Record<string, z.ZodType<Command, unknown>>,
    steps: CommandSteps<Command> = {},
    admit: Admission<State, Command> = () => undefined,
  ): void {
    const stepOf = (command: Command) => steps[command.type as Command['type']] as CommandStep<Command> | undefined;
    for (const [name, schema] of Object.entries(schemas))
      this.registerCommand(defineUpdate<CommandResult, [unknown, unknown]>(name), schema, stepOf, admit);
  }

  private registerCommand(
    update: UpdateDefinition<CommandResult, [unknown, unknown]>,
    schema: z.ZodType<Command, unknown>,
    stepOf: (command: Command) => CommandStep<Command> | undefined,
    admit: Admission<State, Command>,
  ): void {
    setHandler(
      update,
      async (input, seal) => {
        try {
          const command = schema.parse(input);
          const answer = command.commandId ? this.answered.get(command.commandId) : undefined;
          if (answer) return answer;
          const sentAs: SealedMessage = { name: update.name, content: input, seal };
          const step = stepOf(command);
          // A command from outside is checked against the case's earlier facts; the case's own facts
          // (timers) and facts other cases signal (which cannot be refused) are not.
          const checkOrder = patched(FACT_ORDER_PATCH);
          const result = await this.turn(command, sentAs, step && ((c, record) => step(c, record, sentAs)), checkOrder);
          if (command.commandId) this.remember(command.commandId, result);
          return result;
        } catch (error) {
          throw asRejection(error);
        }
      },
      {
        validator: (input, seal) => {
          // Not run on replay, so histories from before seals still replay.
          if (arrivedUnencrypted(input, seal)) {
            throw ApplicationFailure.nonRetryable(`${update.name}: the command arrived unencrypted`, PAYLOAD_NOT_ENCRYPTED);
          }
          if (!hasSealShape(seal)) {
            throw ApplicationFailure.nonRetryable(
              `${update.name}: the command carries no seal; commands come through the API`,
              MESSAGE_NOT_SEALED,
            );
          }
          const parsed = schema.safeParse(input);
          if (!parsed.success) {
            const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
            throw ApplicationFailure.nonRetryable(`${update.name}: invalid command: ${detail}`, 'InvalidCommand');
          }
          // A command answered before (sent again with its id) gets its answer again.
          if (parsed.data.commandId && this.answered.has(parsed.data.commandId)) return;
          try {
            admit(parsed.data, this.state);
            // With commands still queued the state is about to change: the handler decides in turn.
            if (this.pending > 0) return;
            checkFactOrder(parsed.data, this.state.statusSince);
            this.decider.decide(parsed.data, this.state);
          } catch (error) {
            throw asRejection(error);
          }
        },
      },
    );
  }

  /**
   * A fact the case makes itself (a timer, a hand-over from its own state): applied when the rules
   * allow, logged when not. Given as a function, it is built in its turn (e.g. stamped with the time
   * it is applied).
   */
  async applyFact(fact: Command | (() => Command)): Promise<boolean> {
    return this.applyFactSentAs(fact, null);
  }

  /**
   * A fact another case signalled, applied as applyFact does once its seal verifies at the append.
   * A signal cannot be refused to its sender, so one that arrived unencrypted or whose seal does not
   * verify is logged and left out of the case, which carries on.
   */
  async applySignalledFact(sentAs: SealedMessage, fact: Command | (() => Command)): Promise<boolean> {
    if (arrivedUnencrypted(sentAs.content, sentAs.seal)) {
      log.warn('signal refused: it arrived unencrypted', { signal: sentAs.name });
      return false;
    }
    return this.applyFactSentAs(fact, sentAs);
  }

  private async applyFactSentAs(fact: Command | (() => Command), sentAs: SealedMessage | null): Promise<boolean> {
    try {
      await this.execute(fact, sentAs);
      return true;
    } catch (error) {
      if (isSealRefusal(error)) {
        log.warn('signal refused: its seal does not verify', { signal: sentAs?.name, reason: error.cause.message });
        return false;
      }
      if (!(error instanceof DomainRuleError)) throw error;
      log.warn('fact not applicable in the current state', { rule: error.rule, reason: error.message });
      return false;
    }
  }
}
