// Who is calling: the identity a verified bearer token carries, as one zod schema.
import { z } from 'zod';
import { Agency, Classification, Role } from '../events/envelope.ts';

export const Caller = z.object({
  userId: z.string().min(1).max(200),
  agency: Agency,
  role: Role,
  clearance: Classification,
});
export type Caller = z.infer<typeof Caller>;
