// The personal fields a case's live state carries, marked by the very schemas of the events they
// were copied from, so the state a caller reads is redacted exactly as those events are. Every
// other field passes through: the states hold ids, statuses and dates, not people.
import { z } from 'zod';
import type { CaseKind } from '../workflows/kinds.ts';
import { operationEvents } from '../workflows/operation/events.ts';

const rest = z.looseObject({});

/** A person found in a raid and not yet handed to their own case: the PersonDetained fields. */
const pendingHandOver = operationEvents.PersonDetained.data.pick({ personName: true, birthDate: true, passportNumber: true }).loose();

export const CASE_STATE_SCHEMAS: Record<CaseKind, z.ZodType> = {
  victim: rest,
  suspect: rest,
  operation: z.looseObject({ pendingHandOvers: z.array(pendingHandOver) }),
  flight: rest,
};
