// The given/when/then steps of the decider tests: a command applied to a state is decided, and its
// events are evolved into the state, each recorded at the command's time as the case workflow
// records it. Shared so every decider is tested through the same fold.
import type { Decider, RecordedFact } from '../../workflows/case-kit/rules.ts';

export function deciderSteps<State, Command extends { type: string; occurredAt: string }>(
  decider: Decider<State, Command>,
  initialState: () => State,
  /** Called on every decided fact before it is evolved, e.g. to validate it against the catalogue. */
  checkFact: (fact: RecordedFact) => void = () => undefined,
) {
  function apply(state: State, command: Command): State {
    const facts: RecordedFact[] = decider.decide(command, state).map((e) => ({ ...e, occurredAt: command.occurredAt }));
    for (const fact of facts) checkFact(fact);
    return facts.reduce(decider.evolve, state);
  }

  /** The state the commands leave, from the initial state. */
  function given(...commands: Command[]): State {
    return commands.reduce(apply, initialState());
  }

  return { apply, given };
}
