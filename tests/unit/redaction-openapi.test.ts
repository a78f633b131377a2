// The OpenAPI document tells clients which fields are personal data and that, in responses, they
// may read "[REDACTED]": both derived from the same schema marks redaction uses.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { REDACTED } from '../../access/redact.ts';
import { jsonSchemaOf } from '../../api/openapi.ts';
import { pii } from '../../events/personal-data.ts';

const Sighting = z.object({
  caseId: z.string(),
  personName: pii(z.string().min(1), 'name'),
  place: pii(z.string().optional(), 'location'),
  family: pii(z.object({ phone: z.string() }), 'contact').nullable(),
});

describe('personal data in the OpenAPI schemas', () => {
  it('a response field marked personal may be the original value or [REDACTED]', () => {
    const schema = jsonSchemaOf(Sighting, 'output') as { properties: Record<string, Record<string, unknown>> };
    expect(schema.properties.personName).toEqual({
      anyOf: [
        { type: 'string', minLength: 1 },
        { type: 'string', const: REDACTED },
      ],
      'x-personal-data': 'name',
    });
    expect(schema.properties.place).toMatchObject({ 'x-personal-data': 'location' });
    expect(JSON.stringify(schema.properties.family)).toContain(REDACTED);
    expect(schema.properties.caseId).toEqual({ type: 'string' });
  });

  it('a request field marked personal is annotated but keeps its own type', () => {
    const schema = jsonSchemaOf(Sighting, 'input') as { properties: Record<string, Record<string, unknown>> };
    expect(schema.properties.personName).toEqual({ type: 'string', minLength: 1, 'x-personal-data': 'name' });
    expect(JSON.stringify(schema)).not.toContain(REDACTED);
  });
});
