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
