// Events of a VictimCase: a person reported held or missing, from the report to closure.
import { z } from 'zod';
import { defineEvent } from './define.ts';
import { pii } from './personal-data.ts';

export const victimEvents = {
  VictimReported: defineEvent({
    type: 'VictimReported',
    kind: 'victim',
    classification: 'RESTRICTED',
    description: 'A person, their family, the embassy or the police reported someone held or missing.',
    data: z.object({
      caseId: z.string().min(1),
      personName: pii(z.string().min(1).max(200), 'name'),
      reportedBy: z.enum(['self', 'family', 'embassy', 'police', 'call_centre']),
      reportedAt: z.iso.datetime({ offset: true }),
      lastKnownLocation: pii(z.string().max(500).optional(), 'location'),
      contactPhone: pii(z.string().max(50).optional(), 'phone'),
    }),
  }),
};
