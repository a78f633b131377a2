// The commands operators give a JointOperation, as zod schemas: the Update payloads, the HTTP
// bodies and the CLI arguments all derive from these.
import { z } from 'zod';
import { Agency } from '../../events/envelope.ts';
import { CommandMeta } from '../case-kit/rules.ts';
import { DetentionRole, Estimate, FoundPerson } from './events.ts';

/** A short stable reference chosen by the operators (a target, a person), part of derived case ids. */
const reference = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9._:-]+$/, 'a reference is letters, digits and . _ : -');

export const PlanOperation = CommandMeta.extend({
  type: z.literal('planOperation'),
  caseId: z.string().regex(/^operation-[A-Za-z0-9._:-]+$/, 'an operation id is "operation-<reference>"'),
  leadAgency: Agency,
  hostCountry: z.string().length(2),
  codeName: z.string().min(1).max(200),
  partnerAgencies: z.array(Agency).default(['HOST_POLICE']),
});

export const operationCommandSchemas = {
  launch: CommandMeta.extend({ type: z.literal('launch') }),
  recordRaid: CommandMeta.extend({
    type: z.literal('recordRaid'),
    targetRef: reference,
    compound: z.string().min(1).max(500),
    province: z.string().min(1).max(200),
  }),
  recordDetention: CommandMeta.extend({
    type: z.literal('recordDetention'),
    ...FoundPerson.shape,
    role: DetentionRole,
    /** Who took the person out of the compound: usually the host police. */
    detainedBy: Agency.default('HOST_POLICE'),
  }),
  recordEstimate: CommandMeta.extend({ type: z.literal('recordEstimate'), ...Estimate.shape }),
  conclude: CommandMeta.extend({ type: z.literal('conclude'), note: z.string().max(2000).optional() }),
  cancel: CommandMeta.extend({ type: z.literal('cancel'), reason: z.string().min(1).max(2000) }),
} as const;

/** Facts the workflow itself records once a person's case has been opened and told. */
export const operationInternalSchemas = {
  recordHandOvers: CommandMeta.extend({
    type: z.literal('recordHandOvers'),
    personRefs: z.array(reference).min(1),
  }),
} as const;

export type OperationCommandName = keyof typeof operationCommandSchemas;
export type OperationCommand =
  | z.infer<typeof PlanOperation>
  | z.infer<(typeof operationCommandSchemas)[OperationCommandName]>
  | z.infer<(typeof operationInternalSchemas)[keyof typeof operationInternalSchemas]>;
