// Renders a kind's transition table as a Mermaid state diagram, so docs/state-diagrams.md is
// generated from the same table the decider enforces and cannot drift from it.
import { type Transition, targetOf } from './rules.ts';

export interface CaseLifecycle {
  title: string;
  initial: string;
  terminal: readonly string[];
  transitions: Record<string, Transition<string>>;
}

export function mermaidStateDiagram(lifecycle: CaseLifecycle): string {
  const lines = ['stateDiagram-v2', `  [*] --> ${lifecycle.initial}`];
  for (const [command, transition] of Object.entries(lifecycle.transitions)) {
    for (const from of transition.from) {
      // Escalations keep the case where it is: drawn as a loop on each state they apply to.
      lines.push(`  ${from} --> ${targetOf(transition, from)}: ${command}`);
    }
  }
  for (const end of lifecycle.terminal) lines.push(`  ${end} --> [*]`);
  return lines.join('\n');
}
