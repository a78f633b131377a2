// The envelope every domain event travels in, and the vocabulary it uses (agencies, roles,
// classifications). One zod schema is the type, the runtime check and the documentation.
import { z } from 'zod';

export const Agency = z.enum(['MOFA', 'NPA', 'MOJ', 'NIS', 'HOST_POLICE', 'HOST_IMMIGRATION', 'INTERPOL']);
export type Agency = z.infer<typeof Agency>;

export const Role = z.enum(['operator', 'analyst', 'liaison', 'supervisor', 'auditor']);
export type Role = z.infer<typeof Role>;

/** Ordered from least to most sensitive; a caller sees an event only at or below its clearance. */
export const CLASSIFICATIONS = ['PUBLIC', 'RESTRICTED', 'CONFIDENTIAL', 'SECRET'] as const;
export const Classification = z.enum(CLASSIFICATIONS);
export type Classification = z.infer<typeof Classification>;

export function classificationRank(classification: Classification): number {
  return CLASSIFICATIONS.indexOf(classification);
}

export const Actor = z.object({
  agency: Agency,
  role: Role,
  userId: z.string().min(1).max(200),
});
export type Actor = z.infer<typeof Actor>;

export const StreamId = z
  .string()
  .min(3)
  .max(200)
  .regex(/^[a-z]+-[A-Za-z0-9._:-]+$/, 'a stream id is "<case kind>-<case reference>", e.g. victim-2024-0001');

export const EventEnvelope = z.object({
  eventId: z.uuid(),
  type: z.string().min(1),
  schemaVersion: z.number().int().min(1),
  streamId: StreamId,
  streamVersion: z.number().int().min(1),
  occurredAt: z.iso.datetime({ offset: true }),
  recordedAt: z.iso.datetime({ offset: true }),
  actor: Actor,
  classification: Classification,
  correlationId: z.string().min(1).max(200),
  causationId: z.string().min(1).max(200).nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type EventEnvelope<TData = Record<string, unknown>> = Omit<z.infer<typeof EventEnvelope>, 'data'> & { data: TData };

/** What a writer hands to the event store: the store assigns streamVersion and recordedAt. */
export type NewEvent<TData = Record<string, unknown>> = Omit<
  EventEnvelope<TData>,
  'streamVersion' | 'recordedAt' | 'schemaVersion' | 'classification'
> & {
  /** Defaults to the event type's current version. */
  schemaVersion?: number;
  /** Defaults to the event type's classification; a writer may only raise it. */
  classification?: Classification;
};
