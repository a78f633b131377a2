// What a case kind is, as the registry (workflows/kinds.ts) lists it: one value per kind folder
// that names its workflow, its events, the command that opens it, the commands it takes and its
// lifecycle, its access rules and its read side. The catalogue, the case client, the HTTP API, the projections and the generated docs
// read these values instead of naming kinds themselves, so a new kind is one folder and one line.
import type { z } from 'zod';
import type { EventDefinition } from '../../events/define.ts';
import type { CaseKindAccess } from './kind-access.ts';
import type { CaseReadSide, ListedState } from './read-side.ts';
import type { CaseLifecycle } from './state-diagram.ts';

/** Any kind's read side, as the registry holds them side by side. */
export type AnyReadSide = CaseReadSide<ListedState, object>;

export interface CaseKindDefinition<Kind extends string = string, ReadSide extends AnyReadSide = AnyReadSide> {
  /** The kind's name: the prefix of its case ids ("victim-2024-0001") and the key of its Kafka topic. */
  kind: Kind;
  /** The workflow type that runs a case of this kind. */
  workflowType: string;
  /** Every event type the kind records. */
  events: Record<string, EventDefinition>;
  /** The command that opens a case of this kind, and the workflow input field that carries it. */
  open: { name: string; schema: z.ZodObject; inputField: string };
  /** The commands an operator may send to an open case, by name (each is an Update). */
  commands: Record<string, z.ZodObject>;
  /** The transition table, for the generated state diagrams. */
  lifecycle: CaseLifecycle;
  /** Who commands the kind, what each agency sees on it, and its live state's personal fields. */
  access: CaseKindAccess;
  /** How the read models fold its events and read its state. */
  readSide: ReadSide;
}

/** Declares a kind; `const` keeps its name a literal, so the registry can derive the CaseKind union. */
export function defineCaseKind<const Kind extends string, ReadSide extends AnyReadSide>(
  definition: CaseKindDefinition<Kind, ReadSide>,
): CaseKindDefinition<Kind, ReadSide> {
  for (const event of Object.values(definition.events)) {
    if (event.kind !== definition.kind) throw new Error(`event ${event.type} is declared for ${event.kind}, not ${definition.kind}`);
  }
  return definition;
}
