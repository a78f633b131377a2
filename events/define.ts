// How an event type is declared: its case kind, current schema version, default classification,
// data schema, and the upcasters that lift older stored versions to the current one.
import type { z } from 'zod';
import type { Classification } from './envelope.ts';

/** Turns data stored at `fromVersion` into data of `fromVersion + 1`. Pure. */
export type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

export interface EventDefinition<TType extends string = string, TData extends z.ZodObject = z.ZodObject> {
  type: TType;
  /** The case kind that records it (workflows/kinds.ts lists the kinds). */
  kind: string;
  version: number;
  classification: Classification;
  description: string;
  data: TData;
  /** upcasters[v] lifts version v to v + 1; there is one for every version below `version`. */
  upcasters: Record<number, Upcaster>;
}

export function defineEvent<TType extends string, TData extends z.ZodObject>(
  definition: Omit<EventDefinition<TType, TData>, 'upcasters' | 'version'> & { version?: number; upcasters?: Record<number, Upcaster> },
): EventDefinition<TType, TData> {
  const version = definition.version ?? 1;
  const upcasters = definition.upcasters ?? {};
  for (let v = 1; v < version; v++) {
    if (!upcasters[v]) throw new Error(`event ${definition.type} v${version} needs an upcaster from v${v}`);
  }
  return { ...definition, version, upcasters };
}

/**
 * The events of one catalogue (e.g. `typeof victimEvents`) as a discriminated union: `type` names
 * the event and `data` is what its schema outputs, which is what the store keeps (it validates and
 * strips with the schema). No event schema defaults or transforms a field, so this is also exactly
 * what the schema accepts: what a decider may hand the store.
 */
export type EventOf<Catalogue extends Record<string, EventDefinition>> = {
  [Key in keyof Catalogue]: { type: Catalogue[Key]['type']; data: z.output<Catalogue[Key]['data']> };
}[keyof Catalogue];
