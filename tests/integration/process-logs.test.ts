// The logs of every process are pino JSON with the same fields, and never hold a personal value: a
// victim's case runs through the five processes (as `npm start` runs them) from its report to its
// travel document, with a refused and a malformed command on the way, and every line each process
// wrote is read for the scenario's names, contacts, places, statement and passport number.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sample } from '../support/prometheus-text.ts';
import { APP_PROCESSES, type RunningProcesses, startAllProcesses } from './all-processes.ts';

const PERSONAL = {
  personName: 'Nguyen Thi Logtest',
  birthDate: '1999-04-17',
  contactPhone: '+84 912 555 0199',
  familyContact: 'Tran Van Logfamily, Hai Phong',
  lastKnownLocation: 'Golden Fortune compound, block 7',
  location: 'KK Park building 12',
  shelter: 'Sihanoukville safe house 3',
  statement: 'recruited through a job advert for a call centre',
  documentNumber: 'EP-4471-LOGTEST',
};

let running: RunningProcesses;
beforeAll(async () => {
  running = await startAllProcesses();
}, 300_000);
afterAll(async () => {
  await running?.stop();
});

describe('process logs', () => {
  it('are JSON with the same fields everywhere, name the case and the command, and never a personal value', {
    timeout: 180_000,
  }, async () => {
    const caseId = `victim-${randomUUID()}`;
    const headers = { ...(await running.bearer()), 'content-type': 'application/json' };
    const post = async (path: string, body: object) =>
      (await fetch(`${running.api}${path}`, { method: 'POST', headers, body: JSON.stringify(body) })).status;
    const stream = await fetch(`${running.api}/streams/events`, {
      headers: await running.bearer({ role: 'supervisor', clearance: 'SECRET' }),
    });
    expect(stream.status).toBe(200);

    const { personName, birthDate, contactPhone, familyContact, lastKnownLocation } = PERSONAL;
    expect(
      await post('/cases/victim', {
        caseId,
        leadAgency: 'MOFA',
        reportedBy: 'embassy',
        hostCountry: 'KH',
        personName,
        birthDate,
        contactPhone,
        familyContact,
        lastKnownLocation,
      }),
    ).toBe(201);
    const command = (name: string, body: object) => post(`/cases/${caseId}/commands/${name}`, body);
    expect(await command('recordLocation', { location: PERSONAL.location, confirmedBy: 'NPA' })).toBe(200);
    expect(await command('closeCase', { note: PERSONAL.personName })).toBe(409);
    expect(await command('recordLocation', { location: PERSONAL.location, confirmedBy: 'NOBODY', passport: PERSONAL.documentNumber })).toBe(
      400,
    );
    expect(await command('recordRescue', { rescuedBy: 'HOST_POLICE' })).toBe(200);
    expect(await command('recordShelter', { shelter: PERSONAL.shelter })).toBe(200);
    expect(await command('recordScreening', { outcome: 'victim', statement: PERSONAL.statement })).toBe(200);
    const commandId = randomUUID();
    expect(
      await command('issueTravelDocument', { documentType: 'emergency_passport', documentNumber: PERSONAL.documentNumber, commandId }),
    ).toBe(200);

    // The pipeline has carried the six events to the read models and the agency topics.
    const applied = async () =>
      sample(await (await fetch(running.metricsUrls.projector)).text(), 'taskforce_projection_applied_events_total', {
        projection: 'cases',
      });
    await expect.poll(applied, { timeout: 60_000 }).toBeGreaterThanOrEqual(6);
    const routerLag = async () => sample(await (await fetch(running.metricsUrls.router)).text(), 'taskforce_router_lag_events');
    await expect.poll(routerLag, { timeout: 60_000 }).toBe(0);
    await stream.body?.cancel();
    await running.stop();

    for (const name of APP_PROCESSES) {
      const lines = running.processes[name].output;
      expect(lines.length, name).toBeGreaterThan(0);
      for (const line of lines) {
        let entry: Record<string, unknown>;
        try {
          entry = JSON.parse(line);
        } catch {
          throw new Error(`${name} wrote a line that is not JSON: ${line}`);
        }
        expect(entry, `${name}: ${line}`).toMatchObject({
          process: name,
          level: expect.stringMatching(/^(trace|debug|info|warn|error|fatal)$/),
          time: expect.any(String),
          msg: expect.any(String),
        });
        for (const [field, value] of Object.entries(PERSONAL)) expect(line, `${name} logged the ${field}`).not.toContain(value);
      }
    }

    const api = running.processes.api.output.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(api.filter((entry) => entry.caseId === caseId && entry.msg === 'request completed').length).toBeGreaterThanOrEqual(8);
    expect(api).toContainEqual(expect.objectContaining({ caseId, commandId, msg: 'request completed' }));
    // The Temporal SDK's own lines come through the worker's logger.
    const worker = running.processes.worker.output.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(worker).toContainEqual(expect.objectContaining({ component: 'temporal', process: 'worker' }));
  });
});
