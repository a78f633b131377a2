// `npm run demo`: plays the seed campaign through the public HTTP API of a running Taskforce
// (`npm start`), shows a progress bar, then reads the campaign statistics from the read models
// and checks them against the scenario; exits non-zero on any mismatch.
import { randomBytes } from 'node:crypto';
import { loadOidcSettings } from '../api/auth/oidc-settings.ts';
import { signIn } from '../cli/oidc-sign-in.ts';
import type { Agency } from '../events/envelope.ts';
import { loadStackConfig } from '../infra/config.ts';
import { progressCounter, progressReporter } from '../infra/progress.ts';
import { sleep } from '../infra/sleep.ts';
import { DEV_PASSWORD, devUsername } from '../stack/oidc-provider/dev-users.ts';
import { TaskforceApi } from './api.ts';
import {
  ARRESTS,
  ESTIMATED_UNACCOUNTED_FOR,
  expectedStatistics,
  FLIGHT,
  FLIGHT_DATE,
  HOST_COUNTRY,
  VICTIM_MILESTONES as M,
  OPERATIONS,
  REPORTS_BY_YEAR,
  VICTIM_COUNT,
  victimReportDate,
} from './campaign.ts';

const CONCURRENCY = Number(process.env.TASKFORCE_DEMO_CONCURRENCY ?? 12);
const baseUrl = process.env.TASKFORCE_API_URL ?? `http://127.0.0.1:${loadStackConfig().apiPort}`;
const issuer = loadOidcSettings().issuer;
/** A tag in every case id, so the demo can run again on the same system. */
const run = randomBytes(3).toString('hex');

async function apiFor(agency: Agency, role: 'operator' | 'supervisor' = 'operator'): Promise<TaskforceApi> {
  // The provider's development users; their 15-minute tokens outlast the five-minute demo.
  const username = devUsername({ agency, role, clearance: 'CONFIDENTIAL' });
  const { accessToken } = await signIn({ issuer, username, password: DEV_PASSWORD });
  return new TaskforceApi(baseUrl, accessToken);
}

async function inParallel<T>(items: readonly T[], work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, items.length) }, async () => {
      for (let i = next++; i < items.length; i = next++) await work(items[i]!, i);
    }),
  );
}

const days = (iso: string, n: number) => new Date(Date.parse(iso) + n * 86_400_000).toISOString();
const victimId = (i: number) => `victim-${i < REPORTS_BY_YEAR[2023] ? 2023 : 2024}-${run}-${String(i).padStart(3, '0')}`;
const operationId = (ref: string) => `operation-${run}-${ref}`;
const flightId = `flight-${FLIGHT_DATE}-${run}`;

async function statistics(api: TaskforceApi): Promise<Map<string, number>> {
  const { counters } = await api.call<{ counters: { metric: string; bucket: string; value: number }[] }>(
    'GET',
    `/read/statistics?hostCountry=${HOST_COUNTRY}`,
  );
  const byKey = new Map<string, number>();
  for (const c of counters) {
    const bucket = c.metric === 'reports' || c.bucket.startsWith('flight-') ? c.bucket : '';
    byKey.set(`${c.metric}|${bucket}`, (byKey.get(`${c.metric}|${bucket}`) ?? 0) + c.value);
  }
  return byKey;
}

async function main(): Promise<number> {
  const [mofa, npa, immigration, moj, supervisor] = await Promise.all([
    apiFor('MOFA'),
    apiFor('NPA'),
    apiFor('HOST_IMMIGRATION'),
    apiFor('MOJ'),
    apiFor('NPA', 'supervisor'),
  ]);
  await supervisor.call('GET', '/health');
  const before = await statistics(supervisor);
  const started = Date.now();
  const victimSteps =
    M.located + M.contactLost + M.rescued + M.declined + 2 * M.screened + M.travelDocument + M.repatriated + M.followUp + M.closed;
  const operationSteps = OPERATIONS.length * 5 + ARRESTS;
  const suspectSteps = ARRESTS + FLIGHT.manifested * 6;
  const flightSteps = 8 + FLIGHT.manifested;
  const progress = progressCounter(
    progressReporter('campaign', { unit: 'requests' }),
    VICTIM_COUNT + victimSteps + operationSteps + suspectSteps + flightSteps,
  );
  console.log(`Taskforce demo (run ${run}) against ${baseUrl}`);

  // 1. Reports to the consular call centre, 2023-2024.
  await inParallel(
    Array.from({ length: VICTIM_COUNT }, (_, i) => i),
    async (i) => {
      await mofa.open('victim', {
        caseId: victimId(i),
        leadAgency: 'MOFA',
        personName: `Reported person ${run}-${i}`,
        reportedBy: i % 3 === 0 ? 'family' : 'call_centre',
        hostCountry: HOST_COUNTRY,
        occurredAt: victimReportDate(i),
      });
      progress.advance(1, 'victim reports');
    },
  );

  // 2. Eight joint operations: two raids each, the arrests handed to suspect cases.
  const suspects: string[] = [];
  await inParallel(OPERATIONS, async (op) => {
    const id = operationId(op.ref);
    const at = `${op.launchedOn}T02:00:00.000Z`;
    await npa.open('operation', {
      caseId: id,
      leadAgency: 'NPA',
      hostCountry: HOST_COUNTRY,
      codeName: op.codeName,
      occurredAt: days(at, -7),
    });
    await npa.command(id, 'launch', { occurredAt: at });
    for (const target of ['T1', 'T2']) {
      await npa.command(id, 'recordRaid', {
        targetRef: target,
        compound: `${op.province} compound ${target}`,
        province: op.province,
        occurredAt: at,
      });
    }
    progress.advance(4, `operation ${op.codeName}`);
    for (let n = 0; n < op.arrests; n++) {
      await npa.command(id, 'recordDetention', {
        personRef: `S${n}`,
        targetRef: n % 2 ? 'T2' : 'T1',
        personName: `Suspect ${run}-${op.ref}-${n}`,
        role: 'suspect',
        hostCountry: HOST_COUNTRY,
        occurredAt: at,
      });
      suspects.push(`suspect-${id}-S${n}`);
      progress.advance(1, `operation ${op.codeName}: arrests`);
    }
    await npa.waitForState<{ summary: { casesOpened: number } }>(id, (s) => s.summary.casesOpened === op.arrests);
    await npa.command(id, 'conclude', { occurredAt: days(at, 1) });
    progress.advance(1, `operation ${op.codeName} concluded`);
  });
  suspects.sort();

  // 3. Victims located, rescued in the operations, sheltered, screened, documented, home.
  await inParallel(
    Array.from({ length: M.located }, (_, i) => i),
    async (i) => {
      const id = victimId(i);
      const op = OPERATIONS[i % OPERATIONS.length]!;
      const at = `${op.launchedOn}T01:00:00.000Z`;
      const step = async (command: string, body: Record<string, unknown>, by = mofa) => {
        await by.command(id, command, { ...body, occurredAt: body.occurredAt ?? at });
        progress.advance(1, `victims: ${command}`);
      };
      await step('recordLocation', { location: `${op.province} compound`, confirmedBy: 'NPA', occurredAt: days(at, -10) });
      if (i >= M.rescued) return step('reportContactLost', {});
      await step('recordRescue', { rescuedBy: 'HOST_POLICE', operationId: operationId(op.ref) }, npa);
      if (i >= M.screened) return step('recordDeclinedAssistance', { occurredAt: days(at, 1) });
      await step('recordShelter', { shelter: 'embassy shelter, Phnom Penh', occurredAt: days(at, 1) });
      await step('recordScreening', { outcome: i < M.victimOffenders ? 'victim_offender' : 'victim', occurredAt: days(at, 3) });
      if (i >= M.travelDocument) return;
      await step('issueTravelDocument', { documentType: 'emergency_passport', documentNumber: `EP${run}${i}`, occurredAt: days(at, 5) });
      if (i >= M.repatriated) return;
      await step('recordRepatriation', { occurredAt: days(at, 9) });
      if (i >= M.followUp) return;
      await step('startFollowUp', { occurredAt: days(at, 10) });
      if (i >= M.closed) return;
      await step('closeCase', { occurredAt: days(at, 60) });
    },
  );

  // 4. Suspects in immigration detention; the first 73 deported with travel certificates.
  await inParallel(suspects, async (id, i) => {
    const at = '2025-12-20T03:00:00.000Z';
    await immigration.command(id, 'recordDetention', { basis: 'immigration', occurredAt: at });
    progress.advance(1, 'suspects: detention');
    if (i >= FLIGHT.manifested) return;
    await immigration.command(id, 'orderDeportation', { orderReference: `GDI-${run}-${i}`, occurredAt: days(at, 10) });
    await immigration.command(id, 'recordReEntryBlacklist', { occurredAt: days(at, 11) });
    await mofa.command(id, 'issueTravelDocument', {
      documentType: 'travel_certificate',
      documentNumber: `TC${run}${i}`,
      occurredAt: days(at, 20),
    });
    progress.advance(3, 'suspects: deportation ordered, travel certificate');
  });

  // 5. The charter of 2026-01-23: manifest, escorts, on-board arrest, landing, handover.
  const manifested = suspects.slice(0, FLIGHT.manifested);
  const boardingDay = `${FLIGHT_DATE}T01:00:00.000Z`;
  await moj.open('flight', { caseId: flightId, leadAgency: 'MOJ', hostCountry: HOST_COUNTRY, occurredAt: days(boardingDay, -14) });
  await moj.command(flightId, 'openManifest', {
    flightNumber: FLIGHT.flightNumber,
    route: { origin: 'PNH', destination: 'ICN' },
    capacity: FLIGHT.seats,
    escortRatio: FLIGHT.escortRatio,
    occurredAt: days(boardingDay, -14),
  });
  progress.advance(2, 'flight planned');
  await inParallel(manifested, async (caseId) => {
    await moj.command(flightId, 'addToManifest', { caseId, occurredAt: days(boardingDay, -7) });
    progress.advance(1, 'flight: manifest');
  });
  await moj.command(flightId, 'lockManifest', { occurredAt: days(boardingDay, -2) });
  await moj.command(flightId, 'assignEscorts', { officers: FLIGHT.manifested * FLIGHT.escortRatio, occurredAt: days(boardingDay, -1) });
  await moj.command(flightId, 'depart', { occurredAt: boardingDay });
  await moj.command(flightId, 'land', { occurredAt: `${FLIGHT_DATE}T07:30:00.000Z` });
  await moj.command(flightId, 'completeHandover', { receivedBy: 'NPA', occurredAt: `${FLIGHT_DATE}T08:00:00.000Z` });
  progress.advance(5, 'flight landed, handed over');

  // 6. In Korea: detention warrants within 48 hours, referral to prosecution.
  await inParallel(manifested, async (id, i) => {
    await npa.waitForState<{ status: string }>(id, (s) => s.status === 'LANDED');
    await npa.command(id, 'requestDetentionWarrant', { court: 'Seoul Central District Court', occurredAt: `${FLIGHT_DATE}T12:00:00.000Z` });
    await npa.command(id, 'recordDetentionWarrantIssued', { warrantNumber: `DW-${run}-${i}`, occurredAt: `${FLIGHT_DATE}T20:00:00.000Z` });
    await npa.command(id, 'referToProsecution', {
      prosecutorsOffice: 'Seoul Central District Prosecutors Office',
      charges: [i < FLIGHT.chargedWithFraud ? 'fraud' : i % 2 ? 'hostage robbery' : 'gambling'],
      occurredAt: '2026-02-01T00:00:00.000Z',
    });
    progress.advance(3, 'suspects: warrant and prosecution');
  });
  progress.finish();

  const flight = await moj.state<{ status: string }>(flightId);
  const requests = [mofa, npa, immigration, moj, supervisor].reduce((sum, api) => sum + api.requests, 0);
  console.log(
    `\nplayed the campaign with ${requests} API requests in ${((Date.now() - started) / 1000).toFixed(0)} s; flight ${flightId} is ${flight.status}`,
  );

  // 7. The read models are eventually consistent: wait for the projections, then compare.
  const expected = expectedStatistics(flightId);
  const delta = (after: Map<string, number>, key: string) => (after.get(key) ?? 0) - (before.get(key) ?? 0);
  let after = await statistics(supervisor);
  for (let waited = 0; waited < 120 && [...expected].some(([k, v]) => delta(after, k) !== v); waited++) {
    await sleep(1000);
    after = await statistics(supervisor);
  }
  const rows = [...expected].map(([key, want]) => ({ key, want, got: delta(after, key) }));
  console.log('\ncampaign statistics (read models, counted from taskforce events; this run only)');
  for (const { key, want, got } of rows)
    console.log(`  ${got === want ? '✓' : '✗'} ${key.replace(/\|$/, '').padEnd(48)} ${String(got).padStart(5)}  (scenario: ${want})`);
  console.log(
    `  · handed over on ${FLIGHT.flightNumber}: ${flight.status === 'HANDOVER_COMPLETE' ? FLIGHT.manifested : 0} (scenario: ${FLIGHT.manifested})`,
  );
  console.log(`  · an investigator's estimate, not a count: about ${ESTIMATED_UNACCOUNTED_FOR} people unaccounted for`);
  const failures = rows.filter((r) => r.got !== r.want).length + (flight.status === 'HANDOVER_COMPLETE' ? 0 : 1);
  console.log(failures === 0 ? '\nall checks passed' : `\n${failures} check(s) failed`);
  return failures === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`\ndemo failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
