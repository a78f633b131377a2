// Who works a case kind, what each agency sees of it and who may give each of its commands,
// declared by each kind in its own folder (workflows/<kind>/access.ts) from DOMAIN.md ("Agencies
// and who may see what"). The one policy (access/) assembles these into its tables; nothing here decides.
import type { z } from 'zod';
import type { Agency, Role } from '../../events/envelope.ts';
import { PersonalDataCategory } from '../../events/personal-data.ts';

export interface KindAccess {
  /** Personal-data categories the agency sees on this kind of case. */
  categories: readonly PersonalDataCategory[];
  /** Further categories it sees only on cases it is assigned to. */
  whenAssigned: readonly PersonalDataCategory[];
}

/** Who may give one command: the agencies whose step it is, and the roles within them. */
export interface CommandPermission {
  agencies: readonly Agency[];
  roles: readonly Role[];
  /** The reason, in DOMAIN.md's words; shown in the generated table. */
  why: string;
}

export interface CaseKindAccess<Command extends string = string> {
  /** Every command of the kind, the opening one included → who may give it. */
  commands: Record<Command, CommandPermission>;
  /** Agency → what it sees; an agency missing here does not see these cases at all. */
  personalData: Partial<Record<Agency, KindAccess>>;
  /**
   * The live state (the decider's State) as a schema whose personal fields carry pii() marks, so a
   * state is redacted exactly as the events it was folded from. Keys it does not declare are dropped.
   */
  stateSchema: z.ZodType;
}

export const IDENTITY: readonly PersonalDataCategory[] = ['name', 'birthDate', 'passport', 'photo'];
export const EVERYTHING: readonly PersonalDataCategory[] = PersonalDataCategory.options;

export function see(categories: readonly PersonalDataCategory[], whenAssigned: readonly PersonalDataCategory[] = []): KindAccess {
  return { categories, whenAssigned };
}

/** Staff working a case in their agency: they record its facts and decide its steps. */
export const CASE_WORKERS: readonly Role[] = ['operator', 'supervisor'];
/** Also liaison officers, who relay what their agency did (an arrest, a notice, a host decision). */
export const CASE_WORKERS_AND_LIAISONS: readonly Role[] = ['operator', 'liaison', 'supervisor'];
/** Decisions that end a case without its goal: a supervisor answers for them. */
export const SUPERVISORS: readonly Role[] = ['supervisor'];

/** A command `agencies` may give, by `roles` (default: the staff working the case). */
export function may(agencies: readonly Agency[], why: string, roles: readonly Role[] = CASE_WORKERS): CommandPermission {
  return { agencies, roles, why };
}
