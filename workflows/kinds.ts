// The registry of case kinds: the one list the catalogue, the case client, the HTTP API, the
// projections and the generated docs read. A new kind is a folder under workflows/ with its
// kind.ts, and one line here.
import { z } from 'zod';
import type { CaseKindDefinition } from './case-kit/case-kind.ts';
import { flightKind } from './flight/kind.ts';
import { operationKind } from './operation/kind.ts';
import { suspectKind } from './suspect/kind.ts';
import { victimKind } from './victim/kind.ts';

export const CASE_KINDS = [victimKind, suspectKind, operationKind, flightKind] as const;

export type CaseKind = (typeof CASE_KINDS)[number]['kind'];

const names = CASE_KINDS.map((definition) => definition.kind);
// zod wants a non-empty tuple of literals; `names` is exactly that, built from the list above.
export const CaseKind = z.enum(names as [CaseKind, ...CaseKind[]]);

/** A kind's own definition, with its read side's own types (e.g. the flight's manifest). */
export type KindDefinitionOf<Kind extends CaseKind> = Extract<(typeof CASE_KINDS)[number], { kind: Kind }>;

/** The kinds by name, their types widened to what every kind shares. */
const widened: readonly CaseKindDefinition<CaseKind>[] = CASE_KINDS;
export const CASE_KIND_SPECS = Object.fromEntries(widened.map((definition) => [definition.kind, definition])) as Record<
  CaseKind,
  CaseKindDefinition<CaseKind>
>;

/** A case id is "<kind>-<reference>"; its prefix names the kind. The one place that parses it. */
export function kindOfCaseId(caseId: string): CaseKind | undefined {
  const dash = caseId.indexOf('-');
  if (dash < 1) return undefined;
  const prefix = caseId.slice(0, dash);
  return Object.hasOwn(CASE_KIND_SPECS, prefix) ? (prefix as CaseKind) : undefined;
}
