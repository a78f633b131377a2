// Every projection the projector runs and the CLI can rebuild, by name.
import { casesProjection } from './cases.ts';
import { personDossiersProjection } from './person-dossier.ts';
import type { Projection } from './projection.ts';

export const PROJECTIONS: readonly Projection[] = [casesProjection, personDossiersProjection];

export function projectionNamed(name: string): Projection {
  const projection = PROJECTIONS.find((p) => p.name === name);
  if (!projection) throw new Error(`no projection named "${name}"; there are: ${PROJECTIONS.map((p) => p.name).join(', ')}`);
  return projection;
}
