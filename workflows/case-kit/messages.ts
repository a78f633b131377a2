// Turns a kind's command schemas into Temporal Update definitions, one per command, so the
// workflow, the client, the HTTP API and the CLI share one list of names and payload types. The
// command's seal is the argument after it (sealed-message.ts).
import type { UpdateDefinition } from '@temporalio/common';
import { defineUpdate } from '@temporalio/workflow';
import type { z } from 'zod';
import type { CommandResult } from './case-runtime.ts';
import type { MessageSeal } from './sealed-message.ts';

export type CommandUpdates<Schemas extends Record<string, z.ZodType>> = {
  [Name in keyof Schemas & string]: UpdateDefinition<CommandResult, [z.input<Schemas[Name]>, MessageSeal?], Name>;
};

export function updatesFor<Schemas extends Record<string, z.ZodType>>(schemas: Schemas): CommandUpdates<Schemas> {
  return Object.fromEntries(Object.keys(schemas).map((name) => [name, defineUpdate(name)])) as CommandUpdates<Schemas>;
}
