// What the console learns once after signing in: who the caller is and what the policy lets them
// do and see (GET /me), every command's body as JSON Schema (the API's OpenAPI document, generated
// from the zod schemas with z.toJSONSchema), and the event types the live stream may send.
import { call } from './api.ts';
import type { ConsoleConfig } from './auth.ts';
import { t } from './i18n.ts';
import type { JsonSchema } from './schema-form.ts';

export interface Me {
  caller: { userId: string; agency: string; role: string; clearance: string };
  operations: string[];
  caseKinds: Record<string, { personalData: string[]; personalDataWhenAssigned: string[]; commands: string[] }>;
}

export interface Session {
  config: ConsoleConfig;
  me: Me;
  /** "<kind>.<command>" → the body's schema; "<kind>" → the opening command's body. */
  bodies: Map<string, JsonSchema>;
  /** The opening command of each kind, by kind. */
  openings: Map<string, string>;
  eventTypes: string[];
}

interface OpenApi {
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: JsonSchema }> }; summary?: string }>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

const COMPONENT_REF = '#/components/schemas/';

/**
 * The document with every `$ref` to a shared schema (OpenAPI components: Agency, the welfare
 * record, …) replaced by that schema, so a form sees each field's own type and choices. Shared
 * schemas hold no cycles (zod declares them as plain objects), so the copy ends.
 */
function withSharedSchemasInline<T>(node: T, components: Record<string, JsonSchema>): T {
  if (Array.isArray(node)) return node.map((item) => withSharedSchemasInline(item, components)) as T;
  if (typeof node !== 'object' || node === null) return node;
  const { $ref, ...rest } = node as Record<string, unknown>;
  const shared = typeof $ref === 'string' && $ref.startsWith(COMPONENT_REF) ? components[$ref.slice(COMPONENT_REF.length)] : undefined;
  const inlined = Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, withSharedSchemasInline(value, components)]));
  return (shared ? { ...withSharedSchemasInline(shared, components), ...inlined } : inlined) as T;
}

export async function loadSession(config: ConsoleConfig): Promise<Session> {
  const [me, openapi, asyncapi] = await Promise.all([
    call<Me>('/me'),
    call<OpenApi>('/openapi.json').then((document) => withSharedSchemasInline(document, document.components?.schemas ?? {})),
    call<{ components: { messages: Record<string, unknown> } }>('/asyncapi.json'),
  ]);
  const bodies = new Map<string, JsonSchema>();
  const openings = new Map<string, string>();
  const commandBody = openapi.paths['/cases/{caseId}/commands/{command}']?.post?.requestBody?.content['application/json']?.schema;
  for (const schema of commandBody?.oneOf ?? []) if (schema.title) bodies.set(schema.title, schema);
  for (const kind of Object.keys(me.caseKinds)) {
    const open = openapi.paths[`/cases/${kind}`]?.post;
    const schema = open?.requestBody?.content['application/json']?.schema;
    if (schema) bodies.set(kind, schema);
    const name = /\((\w+)\)/.exec(open?.summary ?? '')?.[1];
    if (name) openings.set(kind, name);
  }
  return { config, me, bodies, openings, eventTypes: Object.keys(asyncapi.components.messages) };
}

/** Why a value of this personal-data category is hidden from the caller on a case of this kind. */
export function whyHidden(session: Session, kind: string, category: string | undefined): string {
  if (!category) return t('hiddenByPolicy');
  const { agency, role } = session.me.caller;
  const values = { category, kind, who: `${agency} ${role}` };
  return t(session.me.caseKinds[kind]?.personalDataWhenAssigned.includes(category) ? 'hiddenWhenAssigned' : 'hiddenNever', values);
}
