// The values the read-model routes take and give, shared so every listing filters and answers
// the same way. Inputs are tight on purpose: anything a read model cannot hold (a NUL byte, a year
// PostgreSQL cannot store) is a 400 at the door, never an error deeper down.
import { z } from 'zod';
import { StreamId } from '../../events/envelope.ts';

/** Ids the OpenAPI document gives as examples (`npm run fuzz` seeds rows with them, so its examples reach real rows). */
export const EXAMPLE_IDS = {
  victim: 'victim-2024-0001',
  suspect: 'suspect-2026-kh-0042',
  operation: 'operation-2025-kh-01',
  flight: 'flight-2026-01-23-ke9690',
} as const;

/** A case, operation or flight id: "<kind>-<reference>". */
export const CaseRef = StreamId.describe('a case id, "<kind>-<reference>", e.g. victim-2024-0001');

/** A path parameter naming a case, with examples from EXAMPLE_IDS. */
export function caseRefParam(description: string, ...examples: string[]) {
  return StreamId.describe(description).meta({ examples });
}

export const StatusName = z
  .string()
  .max(60)
  .regex(/^[A-Z][A-Z0-9_]*$/, 'a status is written in capitals, e.g. RESCUED');

export const CountryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, 'a two-letter country code, e.g. KH')
  .describe('the host country, two letters');

/** An instant the caller gives, with its offset; years PostgreSQL and JavaScript share. */
export const InstantInput = z.iso
  .datetime({ offset: true })
  .refine((value) => {
    const year = new Date(value).getUTCFullYear();
    return year >= 1 && year <= 9999;
  }, 'a date between the years 1 and 9999')
  .transform((value) => new Date(value).toISOString());

/** "true" or "false" in a query string. */
export const Flag = z.enum(['true', 'false']).transform((value) => value === 'true');

/** An instant the API gives: ISO 8601 in UTC. */
export const Instant = z.iso.datetime();

export function iso(value: Date | string): string;
export function iso(value: Date | string | null): string | null;
export function iso(value: Date | string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}
