// Who works a JointOperation, who may give each of its commands, and what each agency sees of the
// people found in it (DOMAIN.md, "Agencies and who may see what").
import { z } from 'zod';
import { Agency } from '../../events/envelope.ts';
import { type CaseKindAccess, IDENTITY, may, see } from '../case-kit/kind-access.ts';
import type { operationCommandSchemas, PlanOperation } from './commands.ts';
import { OPERATION_STATUSES, type OperationState } from './decider.ts';
import { DetentionRole, operationEvents } from './events.ts';

type OperationCommandName = z.infer<typeof PlanOperation>['type'] | keyof typeof operationCommandSchemas;

const found = operationEvents.PersonDetained.data.shape;
const personCaseKind = operationEvents.PersonHandedToCase.data.shape.caseKind;

/**
 * The decider's OperationState. A person found in a raid waits in `pendingHandOvers` with the
 * identity PersonDetained recorded until their own case is opened: those fields keep its marks.
 */
const operationState = z.object({
  caseId: z.string(),
  status: z.enum(OPERATION_STATUSES),
  leadAgency: Agency.nullable(),
  hostCountry: z.string().nullable(),
  codeName: z.string().nullable(),
  statusSince: z.iso.datetime({ offset: true }).nullable(),
  raids: z.record(z.string(), z.object({ compound: z.string(), province: z.string() })),
  detentions: z.record(
    z.string(),
    z.object({ caseId: z.string(), caseKind: personCaseKind, role: DetentionRole, targetRef: z.string(), handedOver: z.boolean() }),
  ),
  pendingHandOvers: z.array(
    z.object({
      personRef: found.personRef,
      caseId: found.caseId,
      caseKind: personCaseKind,
      personName: found.personName,
      birthDate: found.birthDate,
      passportNumber: found.passportNumber,
      hostCountry: found.hostCountry,
      foundBy: Agency,
      foundAt: z.iso.datetime({ offset: true }),
    }),
  ),
  summary: z.object({
    targetsRaided: z.number(),
    suspectsDetained: z.number(),
    victimsRescued: z.number(),
    pendingScreening: z.number(),
    casesOpened: z.number(),
  }),
}) satisfies z.ZodType<OperationState>;

/** Joint raids are planned and run by the Korean police with the host police. */
const RAIDING = ['NPA', 'HOST_POLICE'] as const;

export const operationAccess: CaseKindAccess<OperationCommandName> = {
  commands: {
    planOperation: may(RAIDING, 'joint raids are planned by the Korean police with the host police'),
    launch: may(RAIDING, 'the joint taskforce moves on its targets'),
    recordRaid: may(RAIDING, 'the raiding officers report each target'),
    recordDetention: may(RAIDING, 'the raiding officers report each person found'),
    recordEstimate: may(
      ['NPA', 'NIS', 'MOFA'],
      'investigators, intelligence and the ministry record estimates (e.g. of persons held in compounds), each as its source',
    ),
    conclude: may(RAIDING, 'the lead ends the operation once everyone found has a case'),
    cancel: may(RAIDING, 'the lead calls the operation off'),
  },
  personalData: {
    MOFA: see(IDENTITY),
    NPA: see([...IDENTITY, 'location']),
    MOJ: see(['name']),
    NIS: see(['name', 'location', 'photo']),
    HOST_POLICE: see([...IDENTITY, 'location']),
  },
  stateSchema: operationState,
};
