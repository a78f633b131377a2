// Which answered requests go into the audit trail, and as what: decided from the route and the
// caller alone, so a new route is recorded without saying so.
import { describe, expect, it } from 'vitest';
import type { Caller } from '../../access/caller.ts';
import { type AnsweredRequest, auditEntryOf } from '../../api/request-audit.ts';
import type { RouteSpec } from '../../api/route.ts';

const consul: Caller = { userId: 'consul-1', agency: 'MOFA', role: 'operator', clearance: 'CONFIDENTIAL' };
const auditor: Caller = { userId: 'auditor-1', agency: 'MOJ', role: 'auditor', clearance: 'CONFIDENTIAL' };

const spec = (access: RouteSpec['access'], operationId = 'route', contentType?: string) =>
  ({ access, operationId, contentType }) as unknown as RouteSpec;

function answered(overrides: Partial<AnsweredRequest>): AnsweredRequest {
  return {
    method: 'GET',
    path: '/x',
    spec: spec('case.read'),
    caller: consul,
    params: {},
    body: undefined,
    status: 200,
    requestId: 'r-1',
    ...overrides,
  };
}

describe('the audit trail records', () => {
  it('every command, with the case its path or body names', () => {
    expect(
      auditEntryOf(answered({ method: 'POST', spec: spec('case.command', 'openVictimCase'), body: { caseId: 'victim-9' }, status: 201 })),
    ).toEqual({
      userId: 'consul-1',
      agency: 'MOFA',
      role: 'operator',
      operation: 'case.command',
      action: 'openVictimCase',
      method: 'POST',
      path: '/x',
      caseId: 'victim-9',
      access: 'command',
      personalData: [],
      outcome: 'allowed',
      status: 201,
      requestId: 'r-1',
    });
    expect(
      auditEntryOf(answered({ method: 'POST', spec: spec('case.command'), params: { caseId: 'victim-1' }, status: 409 })),
    ).toMatchObject({
      caseId: 'victim-1',
      access: 'command',
      status: 409,
    });
  });

  it("a read of one case by a caller who may see its personal data, with the categories the caller's access allows", () => {
    const entry = auditEntryOf(answered({ params: { caseId: 'victim-1' } }));
    expect(entry).toMatchObject({ access: 'personal-data', caseId: 'victim-1', outcome: 'allowed' });
    expect(entry?.personalData).toEqual(['birthDate', 'contact', 'location', 'name', 'passport', 'phone', 'photo', 'statement', 'welfare']);
    const npa = auditEntryOf(answered({ params: { caseId: 'victim-1' }, caller: { ...consul, agency: 'NPA' } }));
    expect(npa?.personalData).not.toContain('location');
    // Not found: recorded, nothing disclosed.
    expect(auditEntryOf(answered({ params: { caseId: 'victim-1' }, status: 404 }))?.personalData).toEqual([]);
  });

  it('histories, streams and reads of the trail itself', () => {
    expect(auditEntryOf(answered({ spec: spec('case.history'), params: { caseId: 'suspect-1' }, caller: auditor }))).toMatchObject({
      access: 'history',
      personalData: [],
    });
    expect(auditEntryOf(answered({ spec: spec('event.stream', 'streamEvents', 'text/event-stream') }))).toMatchObject({
      access: 'personal-data',
      caseId: null,
    });
    expect(auditEntryOf(answered({ spec: spec('audit.read'), caller: auditor }))).toMatchObject({ access: 'audit' });
  });

  it('a decode of payloads naming a case as a read of its personal data, and a flight’s or operation’s id as its case', () => {
    const decode = { ...spec('payload.decode', 'decodePayloads'), reads: true } as RouteSpec;
    const supervisor: Caller = { ...consul, role: 'supervisor' };
    expect(auditEntryOf(answered({ method: 'POST', spec: decode, caller: supervisor, answerCase: 'victim-1' }))).toMatchObject({
      access: 'personal-data',
      caseId: 'victim-1',
      personalData: ['birthDate', 'contact', 'location', 'name', 'passport', 'phone', 'photo', 'statement', 'welfare'],
    });
    // Payloads that named no case were given back encrypted: nothing was read.
    expect(auditEntryOf(answered({ method: 'POST', spec: decode, caller: supervisor }))).toBeNull();
    expect(auditEntryOf(answered({ params: { flightId: 'flight-1' }, status: 404 }))).toMatchObject({ caseId: 'flight-1' });
    expect(auditEntryOf(answered({ params: { operationId: 'operation-1' }, status: 404 }))).toMatchObject({ caseId: 'operation-1' });
  });

  it('every refusal of a known caller: 403, and a read answered 404 for a case that exists (the hooks pass only those)', () => {
    expect(auditEntryOf(answered({ status: 403 }))).toMatchObject({ access: 'read', outcome: 'denied', status: 403 });
    expect(auditEntryOf(answered({ params: { caseId: 'victim-1' }, status: 404 }))).toMatchObject({
      caseId: 'victim-1',
      outcome: 'denied',
      status: 404,
    });
  });

  it('no row for a request without a valid token: those are counted in the metrics, so a flood cannot fill the disk', () => {
    expect(auditEntryOf(answered({ status: 401, caller: null, method: 'POST' }))).toBeNull();
  });
});

describe('the audit trail leaves out', () => {
  it('public routes, unmatched paths, lists without personal data, and case reads by callers who see no personal data', () => {
    expect(auditEntryOf(answered({ spec: spec('public') }))).toBeNull();
    expect(auditEntryOf(answered({ spec: undefined, status: 404 }))).toBeNull();
    expect(auditEntryOf(answered({}))).toBeNull();
    expect(auditEntryOf(answered({ params: { caseId: 'victim-1' }, caller: auditor }))).toBeNull();
    expect(auditEntryOf(answered({ params: { caseId: 'victim-1' }, caller: { ...consul, agency: 'NIS' } }))).toBeNull();
  });
});
