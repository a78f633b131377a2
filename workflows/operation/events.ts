// Events of a JointOperation: a raid on scam compounds planned with the host police, the people
// found there, and the hand-over of each person to their own victim or suspect case.
import { z } from 'zod';
import { defineEvent, type EventOf } from '../../events/define.ts';
import { Agency } from '../../events/envelope.ts';
import { pii } from '../../events/personal-data.ts';

const operationId = z.string().min(1).max(200);
const reference = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9._:-]+$/, 'a reference is letters, digits and . _ : -');
const caseId = z.string().min(1).max(200);

/** What the raiding officers took the person to be; screening may change it later. */
export const DetentionRole = z.enum(['suspect', 'victim', 'unknown_pending_screening']);
export type DetentionRole = z.infer<typeof DetentionRole>;

/** A person found at a raided target: what the recordDetention command gives and the events record. */
export const FoundPerson = z.object({
  personRef: reference,
  targetRef: reference,
  personName: pii(z.string().min(1).max(200), 'name'),
  birthDate: pii(z.iso.date().optional(), 'birthDate'),
  passportNumber: pii(z.string().min(1).max(50).optional(), 'passport'),
  hostCountry: z.string().length(2),
});

/** A person found in a raid, as the operation hands them to their own case. */
const foundPerson = { operationId, caseId, ...FoundPerson.shape };

/**
 * An estimate as a recorded fact: a figure someone estimated, as of a date, by whose method. It is
 * never counted: the campaign statistics count cases, the estimates read model lists estimates.
 */
export const Estimate = z.object({
  measure: z
    .enum(['persons_held_in_compounds', 'persons_unaccounted_for', 'compounds_operating', 'fraud_victims'])
    .describe('what the figure estimates'),
  figure: z.number().int().min(0).max(1_000_000_000),
  asOf: z.iso.date().describe('the day the estimate describes'),
  sourceAgency: Agency.describe('whose estimate it is'),
  method: z.string().min(1).max(500).describe("how it was reached, e.g. investigators' assessment of 50+ compounds"),
});

export const operationEvents = {
  OperationPlanned: defineEvent({
    type: 'OperationPlanned',
    kind: 'operation',
    classification: 'CONFIDENTIAL',
    description: 'Operators planned a joint raid with the host police.',
    data: z.object({
      operationId,
      leadAgency: Agency,
      hostCountry: z.string().length(2),
      codeName: z.string().min(1).max(200),
      partnerAgencies: z.array(Agency),
    }),
  }),
  OperationLaunched: defineEvent({
    type: 'OperationLaunched',
    kind: 'operation',
    classification: 'CONFIDENTIAL',
    description: 'The joint taskforce moved on its targets.',
    data: z.object({ operationId }),
  }),
  TargetRaided: defineEvent({
    type: 'TargetRaided',
    kind: 'operation',
    classification: 'CONFIDENTIAL',
    description: 'A target (a compound or building) was raided.',
    data: z.object({
      operationId,
      targetRef: reference,
      compound: z.string().min(1).max(500),
      province: z.string().min(1).max(200),
    }),
  }),
  PersonDetained: defineEvent({
    type: 'PersonDetained',
    kind: 'operation',
    classification: 'CONFIDENTIAL',
    description: 'The host police detained a person at a raided target, as a suspect or pending screening.',
    data: z.object({ ...foundPerson, role: z.enum(['suspect', 'unknown_pending_screening']), detainedBy: Agency }),
  }),
  PersonRescued: defineEvent({
    type: 'PersonRescued',
    kind: 'operation',
    classification: 'CONFIDENTIAL',
    description: 'A person held in a raided target was rescued.',
    data: z.object({ ...foundPerson, rescuedBy: Agency }),
  }),
  PersonHandedToCase: defineEvent({
    type: 'PersonHandedToCase',
    kind: 'operation',
    classification: 'RESTRICTED',
    description: 'A person found in the raid now has their own case, which was told how they were found.',
    data: z.object({ operationId, personRef: reference, caseId, caseKind: z.enum(['suspect', 'victim']) }),
  }),
  OperationConcluded: defineEvent({
    type: 'OperationConcluded',
    kind: 'operation',
    classification: 'RESTRICTED',
    description: 'The operation ended and every person found in it has a case.',
    data: z.object({
      operationId,
      targetsRaided: z.number().int().min(0),
      suspectsDetained: z.number().int().min(0),
      victimsRescued: z.number().int().min(0),
      pendingScreening: z.number().int().min(0),
      note: z.string().max(2000).optional(),
    }),
  }),
  EstimateRecorded: defineEvent({
    type: 'EstimateRecorded',
    kind: 'operation',
    classification: 'RESTRICTED',
    description: 'An estimate (e.g. of persons held in compounds) was recorded with its source, date and method: never a count.',
    data: z.object({ operationId, ...Estimate.shape }),
  }),
  OperationCancelled: defineEvent({
    type: 'OperationCancelled',
    kind: 'operation',
    classification: 'CONFIDENTIAL',
    description: 'The operation was called off before any target was raided.',
    data: z.object({ operationId, reason: z.string().min(1).max(2000) }),
  }),
};

/** An event of a JointOperation, its data typed by its schema: what the operation decider decides and folds. */
export type OperationEvent = EventOf<typeof operationEvents>;
