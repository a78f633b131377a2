// Sealing without a database: which values are sealed (exactly those redaction would hide, for
// every event of the fixtures' campaign, but the counted categories), whose key seals them, and that a sealed value opens only
// with its own key and person.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { REDACTED, redact } from '../../access/redact.ts';
import { eventDefinition } from '../../events/catalogue.ts';
import { mapMarkedFields } from '../../events/marked-fields.ts';
import { countedPii, pii } from '../../events/personal-data.ts';
import { parseKeys } from '../../infra/keyring.ts';
import { loadMasterKeyring, MASTER_KEYS } from '../../privacy/master-key.ts';
import {
  dataSubjectOf,
  mapPersonalFields,
  mapSealedValues,
  schemaSealsPersonalData,
  sealedValuesIn,
} from '../../privacy/personal-fields.ts';
import { isSealed, openValue, sealValue } from '../../privacy/sealed-value.ts';
import { raidAndFlightEvents, victimEvents } from './projection-fixtures.ts';

const key = randomBytes(32);
const COUNTED = Symbol('counted');

/** Every leaf path of a JSON value with the value there. */
function leaves(value: unknown, path = ''): [string, unknown][] {
  if (isSealed(value) || value === null || typeof value !== 'object') return [[path, value]];
  return Object.entries(value).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
}

describe('what is sealed', () => {
  it('exactly the values redaction hides from a caller who may see nothing, but the counted categories, in every event of a whole campaign', () => {
    const events = [...victimEvents('victim-unit-1', 10), ...raidAndFlightEvents('unit')];
    let sealedCount = 0;
    for (const event of events) {
      const schema = eventDefinition(event.type).data;
      const sealed = mapPersonalFields(schema, event.data, (value) => sealValue(key, 'victim-x', value));
      const hidden = new Map(leaves(redact(schema, event.data, new Set())));
      // Counted categories (a welfare record's injury, medical need, reported abuse) are hidden, never sealed.
      const counted = new Set(
        leaves(mapMarkedFields(schema, event.data, { marked: (v, mark) => (mark.sealed ? v : COUNTED), dropUndeclared: false }))
          .filter(([, value]) => value === COUNTED)
          .map(([path]) => path),
      );
      for (const path of counted) expect(hidden.get(path), `${event.type}.${path}`).toBe(REDACTED);
      for (const [path, value] of leaves(sealed)) {
        if ([...counted].some((c) => path === c || path.startsWith(`${c}.`))) {
          expect(isSealed(value), `${event.type}.${path}`).toBe(false);
          continue;
        }
        expect(isSealed(value), `${event.type}.${path}`).toBe(hidden.get(path) === REDACTED);
        if (isSealed(value)) sealedCount++;
      }
    }
    expect(sealedCount).toBeGreaterThan(15);
  });

  it('follows marks through optional, nullable, arrays, records, unions and nested objects, and never seals twice', () => {
    const schema = z.object({
      names: z.array(pii(z.string(), 'name')),
      contact: z.object({ phone: pii(z.string().nullable(), 'phone'), note: z.string() }).optional(),
      byLanguage: z.record(z.string(), pii(z.string(), 'statement')),
      either: z.union([z.object({ photo: pii(z.string(), 'photo') }), z.object({ code: z.string() })]),
    });
    const data = { names: ['A', 'B'], contact: { phone: '+82', note: 'n' }, byLanguage: { ko: 'x' }, either: { photo: 'p' } };
    const once = mapPersonalFields(schema, data, (value) => sealValue(key, 'victim-x', value));
    expect(sealedValuesIn(once)).toHaveLength(5);
    expect((once as typeof data).contact.note).toBe('n');
    const twice = mapPersonalFields(schema, once, (value) => sealValue(key, 'victim-x', value));
    expect(twice).toEqual(once);
    expect(mapSealedValues(twice, (sealed) => openValue(key, sealed))).toEqual(data);
  });
});

describe('which schemas seal anything', () => {
  it('says so, once per schema, exactly for the event types a campaign has sealed values in, and finds a mark however deep', () => {
    const events = [...victimEvents('victim-unit-1', 10), ...raidAndFlightEvents('unit')];
    for (const event of events) {
      const schema = eventDefinition(event.type).data;
      const sealed = sealedValuesIn(mapPersonalFields(schema, event.data, (value) => sealValue(key, 'victim-x', value)));
      // A schema that says it seals nothing must never have had a value to seal (the append skips its walk).
      if (!schemaSealsPersonalData(schema)) expect(sealed, event.type).toEqual([]);
    }
    expect(schemaSealsPersonalData(eventDefinition('VictimReported').data)).toBe(true);
    expect(schemaSealsPersonalData(eventDefinition('VictimRescued').data)).toBe(false);
    const deep = z.object({ either: z.union([z.object({ code: z.string() }), z.array(z.lazy(() => pii(z.string(), 'photo')))]) });
    expect(schemaSealsPersonalData(deep)).toBe(true);
    expect(schemaSealsPersonalData(z.object({ injury: countedPii(z.string(), 'welfare') }))).toBe(false);
  });
});

describe('whose key seals it', () => {
  it('the victim case the data names, else the victim stream; nobody for suspects, operations and flights', () => {
    expect(dataSubjectOf('victim-1', { caseId: 'victim-1' })).toBe('victim-1');
    expect(dataSubjectOf('operation-1', { caseId: 'victim-2' })).toBe('victim-2');
    expect(dataSubjectOf('operation-1', { caseId: 'suspect-2' })).toBeNull();
    expect(dataSubjectOf('suspect-1', { caseId: 'suspect-1' })).toBeNull();
    expect(dataSubjectOf('operation-1', { operationId: 'operation-1' })).toBeNull();
    expect(dataSubjectOf('victim-1', {})).toBe('victim-1');
  });
});

describe('a sealed value', () => {
  it('opens with its key and person only, and refuses tampering', () => {
    const sealed = sealValue(key, 'victim-1', 'Lee Ji-woo');
    expect(JSON.stringify(sealed)).not.toContain('Lee');
    expect(openValue(key, sealed)).toBe('Lee Ji-woo');
    expect(() => openValue(randomBytes(32), sealed)).toThrow();
    expect(() => openValue(key, { ...sealed, subject: 'victim-2' })).toThrow();
    const bytes = Buffer.from(sealed.data, 'base64');
    bytes[14]! ^= 1;
    expect(() => openValue(key, { ...sealed, data: bytes.toString('base64') })).toThrow();
  });
});

describe('the master key', () => {
  it('is read from TASKFORCE_DATA_KEY_MASTER, the first key wrapping; required in production; a dev key otherwise, with a warning', () => {
    const [a, b] = [randomBytes(32).toString('base64'), randomBytes(32).toString('base64')];
    const ring = loadMasterKeyring({ TASKFORCE_DATA_KEY_MASTER: `m2:${a},m1:${b}` });
    expect(ring.active.id).toBe('m2');
    expect([...ring.byId.keys()]).toEqual(['m2', 'm1']);
    expect(() => parseKeys(MASTER_KEYS, 'm1:c2hvcnQ=')).toThrow(/32 bytes/);
    expect(() => parseKeys(MASTER_KEYS, 'no-key')).toThrow(/keyId:base64Key/);
    expect(() => loadMasterKeyring({ NODE_ENV: 'production' })).toThrow(/must be set in production/);
    expect(loadMasterKeyring({}, () => undefined).active.id).toBe('dev-1');
  });
});
