// The durable shell shared by every case workflow: commands arrive as Updates (validated by
// the pure decider before anything reaches history), run one at a time, append their events
// through the appendEvents activity, then fold them into state. Runs in the workflow sandbox.

import type { UpdateDefinition } from '@temporalio/common';
import { ApplicationFailure, defineUpdate, log, proxyActivities, setHandler, uuid4, workflowInfo } from '@temporalio/workflow';
import type { z } from 'zod';
import type { NewEvent } from '../../events/envelope.ts';
import type { AppendActivities } from './ports.ts';
import { type CommandMeta, type DecidedEvent, type Decider, DomainRuleError } from './rules.ts';

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

type BaseCommand = CommandMeta & { type: string };

/** What a run hands the next when it continues as new. */
export interface CarriedCase<State> {
  state: State;
  streamVersion: number;
  /** The results of the latest commands, by command id (see CaseRuntime.answered). */
  answered?: [string, CommandResult][];
}

/** How many command results a case remembers across continue-as-new. */
const ANSWERS_KEPT = 200;

function asRejection(error: unknown): ApplicationFailure {
  if (error instanceof DomainRuleError) return ApplicationFailure.nonRetryable(error.message, 'DomainRuleError', { rule: error.rule });
  if (error instanceof ApplicationFailure) return error;
  return ApplicationFailure.nonRetryable(error instanceof Error ? error.message : String(error), 'CommandFailed');
}

export class CaseRuntime<State, Command extends BaseCommand> {
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
    private readonly decider: Decider<State, Command>,
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
   * Decides, appends and applies one command; throws DomainRuleError when a rule forbids it.
   * A command may be given as a function, run in its turn, when building it needs an activity.
   */
  execute(commandOrBuilder: Command | (() => Promise<Command>)): Promise<CommandResult> {
    return this.serialised(async () => {
      const command = typeof commandOrBuilder === 'function' ? await commandOrBuilder() : commandOrBuilder;
      const decided = this.decider.decide(command, this.state);
      await this.record(decided, command);
      return { streamVersion: this.streamVersion, events: decided.map((e) => e.type) };
    });
  }

  private async record(decided: DecidedEvent[], command: Command): Promise<void> {
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
    const result = await appendEvents({ streamId: this.streamId, expectedVersion: this.streamVersion, events });
    this.streamVersion = result.streamVersion;
    this.state = decided.reduce((state, event) => this.decider.evolve(state, { ...event, occurredAt: command.occurredAt }), this.state);
    this.onChange(this.state);
  }

  /** Registers one Update per command; each validator checks the payload schema and the domain rules. */
  registerCommands(schemas: Record<string, z.ZodType<Command, unknown>>): void {
    for (const [name, schema] of Object.entries(schemas)) this.registerCommand(defineUpdate<CommandResult, [unknown]>(name), schema);
  }

  private registerCommand(update: UpdateDefinition<CommandResult, [unknown]>, schema: z.ZodType<Command, unknown>): void {
    setHandler(
      update,
      async (input) => {
        try {
          const command = schema.parse(input);
          const answer = command.commandId ? this.answered.get(command.commandId) : undefined;
          if (answer) return answer;
          const result = await this.execute(command);
          if (command.commandId) this.remember(command.commandId, result);
          return result;
        } catch (error) {
          throw asRejection(error);
        }
      },
      {
        validator: (input) => {
          const parsed = schema.safeParse(input);
          if (!parsed.success) {
            const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
            throw ApplicationFailure.nonRetryable(`${update.name}: invalid command: ${detail}`, 'InvalidCommand');
          }
          // With commands still queued the state is about to change: the handler decides in turn.
          // A command answered before (sent again with its id) gets its answer again.
          if (this.pending > 0 || (parsed.data.commandId && this.answered.has(parsed.data.commandId))) return;
          try {
            this.decider.decide(parsed.data, this.state);
          } catch (error) {
            throw asRejection(error);
          }
        },
      },
    );
  }

  /** A fact from elsewhere (a signal or a timer): applied when the rules allow, logged when not. */
  async applyFact(command: Command): Promise<boolean> {
    try {
      await this.execute(command);
      return true;
    } catch (error) {
      if (!(error instanceof DomainRuleError)) throw error;
      log.warn('fact not applicable in the current state', { command: command.type, rule: error.rule });
      return false;
    }
  }
}
