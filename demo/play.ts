// Plays the campaign's plan (demo/campaign.ts) through the public API, with the tokens of the
// agencies that do each step. Each case's facts are dated in order and in the past, as the system
// requires: a report before the rescue, an arrest before the detention, the deportation order
// before the manifest, the boarding before the landing.
import type { ProgressCounter } from '../infra/progress.ts';
import type { TaskforceApi } from './api.ts';
import {
  type FlightPlan,
  FREED_OUTSIDE_OPERATIONS,
  OPEN_IN_OCTOBER_2025,
  type OperationPlan,
  REPORTED_PERSONS,
  REPORTS,
} from './campaign.ts';
import { recordEstimate } from './estimates.ts';

export interface Agencies {
  mofa: TaskforceApi;
  npa: TaskforceApi;
  hostPolice: TaskforceApi;
  immigration: TaskforceApi;
  moj: TaskforceApi;
}

/** Reports still open in October 2025 are counted from here: an operation launched before frees people counted as freed. */
const OCTOBER_2025 = '2025-10-01';

/** A suspect case this run opened, with when the person was arrested. */
interface Suspect {
  caseId: string;
  arrestedAt: string;
  victimOffender: boolean;
  /** The operation that found a victim-offender, for the arrest. */
  operationId?: string;
}

const DAY = 86_400_000;
/** An operation opens the case of everyone it arrested; with a few hundred on a loaded machine, that takes minutes. */
const HAND_OVERS_WITHIN_MS = 600_000;
export const days = (iso: string, n: number) => new Date(Date.parse(iso) + n * DAY).toISOString();
const latest = (...isos: string[]) => isos.reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b));
const earliest = (...isos: string[]) => isos.reduce((a, b) => (Date.parse(a) <= Date.parse(b) ? a : b));

/** When the report of person `index` (in report order) came in: each year's reports spread over its period. */
export function reportDate(index: number): string {
  let first = 0;
  for (const { count, from, to } of REPORTS) {
    if (index < first + count) {
      const span = Date.parse(to) - Date.parse(from);
      return new Date(Date.parse(from) + Math.floor(((index - first) * span) / count) + 9 * 3_600_000).toISOString();
    }
    first += count;
  }
  throw new Error(`no report ${index}: the plan has ${REPORTED_PERSONS}`);
}

export class CampaignPlayer {
  /** Raid arrests and victim-offenders of the chapter being played, in plan order. */
  private raidSuspects: Suspect[] = [];
  private victimOffenders: Suspect[] = [];
  /** Reported persons not yet freed, in report order; operations free them from the front. */
  private readonly rescuedBeforeOctober: number[];
  private readonly stillOpen: number[];
  /** Reported persons confirmed free outside the operations played here: the first ones reported. */
  private readonly freedOutsideOperations: number;
  readonly notices: string[] = [];

  constructor(
    private readonly run: string,
    private readonly as: Agencies,
    private readonly concurrency: number,
    private readonly progress: ProgressCounter,
    operations: readonly OperationPlan[],
  ) {
    const openFrom = REPORTED_PERSONS - OPEN_IN_OCTOBER_2025;
    const freedInOperations = rescuesBeforeOctober(operations);
    this.rescuedBeforeOctober = range(openFrom - freedInOperations, openFrom);
    this.stillOpen = range(openFrom, REPORTED_PERSONS);
    this.freedOutsideOperations = openFrom - freedInOperations;
  }

  victimId = (index: number) => `victim-${reportDate(index).slice(0, 4)}-${this.run}-${String(index).padStart(3, '0')}`;
  operationId = (ref: string) => `operation-${this.run}-${ref}`;
  flightId = (ref: string) => `flight-${ref}-${this.run}`;

  private async inParallel<T>(items: readonly T[], work: (item: T, index: number) => Promise<void>): Promise<void> {
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(this.concurrency, items.length) }, async () => {
        for (let i = next++; i < items.length; i = next++) await work(items[i]!, i);
      }),
    );
  }

  /** Opens a case and waits until it can be found: under load, the opening fact may take a moment to be recorded. */
  private async open(api: TaskforceApi, kind: string, body: { caseId: string } & Record<string, unknown>): Promise<void> {
    await api.open(kind, body);
    await api.waitForState(body.caseId, () => true);
  }

  private async command(api: TaskforceApi, caseId: string, command: string, body: Record<string, unknown>, step: string) {
    await api.command(caseId, command, body);
    this.progress.advance(1, step);
  }

  /** Every report to the consular call centre; then those freed outside the operations are confirmed free. */
  async playReports(): Promise<void> {
    await this.inParallel(range(0, REPORTED_PERSONS), async (i) => {
      await this.as.mofa.open('victim', {
        caseId: this.victimId(i),
        leadAgency: 'MOFA',
        personName: `Reported person ${this.run}-${i}`,
        reportedBy: i % 3 === 0 ? 'family' : 'call_centre',
        hostCountry: 'KH',
        occurredAt: reportDate(i),
      });
      this.progress.advance(1, 'victims: reports');
    });
    // A second pass: a case just opened may take a moment to be found by another agency under load.
    await this.inParallel(range(0, this.freedOutsideOperations), async (i) => {
      const freedAt = earliest(
        days(reportDate(i), FREED_OUTSIDE_OPERATIONS.daysAfterReport),
        `${FREED_OUTSIDE_OPERATIONS.latest}T09:00:00.000Z`,
      );
      await this.command(
        this.as.npa,
        this.victimId(i),
        'recordRescue',
        { rescuedBy: 'HOST_POLICE', occurredAt: freedAt },
        'victims: freed',
      );
    });
  }

  /** A chapter's operations, each with its raids, arrests, rescues and screenings; then the victim-offenders' arrests. */
  async playOperations(operations: readonly OperationPlan[]): Promise<void> {
    this.raidSuspects = [];
    this.victimOffenders = [];
    const rescued = operations.map((op) => this.takeReportedPersons(op));
    const arrestsByOperation: Suspect[][] = operations.map(() => []);
    await this.inParallel(operations, async (op, o) => {
      arrestsByOperation[o] = await this.playOperation(op, rescued[o]!);
    });
    this.raidSuspects = arrestsByOperation.flat();
    await this.inParallel(this.victimOffenders, async (suspect) => {
      // Screening opened the case; the host police arrest the person with the others.
      await this.as.npa.waitForState<{ status: string }>(suspect.caseId, (s) => s.status === 'IDENTIFIED');
      await this.command(
        this.as.npa,
        suspect.caseId,
        'recordArrest',
        { arrestedBy: 'HOST_POLICE', operationId: suspect.operationId, occurredAt: suspect.arrestedAt },
        'victim-offenders: arrest',
      );
    });
  }

  /** Reported persons an operation frees: before October from those freed by then, later from those still open. */
  private takeReportedPersons(op: OperationPlan): number[] {
    const count = op.rescues?.count ?? 0;
    const pool = op.launchedOn < OCTOBER_2025 ? this.rescuedBeforeOctober : this.stillOpen;
    if (pool.length < count) throw new Error(`the plan frees more reported persons in ${op.ref} than it has`);
    return pool.splice(0, count);
  }

  private async playOperation(op: OperationPlan, rescued: number[]): Promise<Suspect[]> {
    const id = this.operationId(op.ref);
    const at = `${op.launchedOn}T02:00:00.000Z`;
    const api = op.leadAgency === 'NPA' ? this.as.npa : this.as.hostPolice;
    await this.open(api, 'operation', {
      caseId: id,
      leadAgency: op.leadAgency,
      hostCountry: op.hostCountry,
      codeName: op.codeName,
      partnerAgencies: op.leadAgency === 'NPA' ? ['HOST_POLICE'] : ['NPA'],
      occurredAt: days(at, -7),
    });
    await this.command(api, id, 'launch', { occurredAt: at }, `operation ${op.ref}`);
    for (const estimate of op.estimates ?? []) {
      const notice = await recordEstimate(this.as.npa, id, estimate, at);
      if (notice) this.notices.push(`${estimate.subject}: ${notice}`);
    }
    for (const target of ['T1', 'T2']) {
      await this.command(
        api,
        id,
        'recordRaid',
        { targetRef: target, compound: `${op.province} compound ${target}`, province: op.province, occurredAt: at },
        `operation ${op.ref}`,
      );
    }
    const suspects: Suspect[] = [];
    for (let n = 0; n < op.arrests; n++) {
      await this.command(
        api,
        id,
        'recordDetention',
        {
          personRef: `S${n}`,
          targetRef: n % 2 ? 'T2' : 'T1',
          personName: `Suspect ${this.run}-${op.ref}-${n}`,
          role: 'suspect',
          hostCountry: op.hostCountry,
          occurredAt: at,
        },
        `operation ${op.ref}: arrests`,
      );
      suspects.push({ caseId: `suspect-${id}-S${n}`, arrestedAt: at, victimOffender: false });
    }
    for (const index of rescued) {
      const victim = this.victimId(index);
      const screening = op.rescues!.screening;
      await this.command(
        this.as.npa,
        victim,
        'recordRescue',
        { rescuedBy: 'HOST_POLICE', operationId: id, occurredAt: at },
        'victims: rescued',
      );
      await this.command(this.as.mofa, victim, 'recordScreening', { outcome: screening, occurredAt: days(at, 3) }, 'victims: screened');
      if (screening === 'victim_offender') {
        this.victimOffenders.push({
          caseId: victim.replace(/^victim-/, 'suspect-'),
          arrestedAt: days(at, 4),
          victimOffender: true,
          operationId: id,
        });
      }
    }
    await api.waitForState<{ summary: { casesOpened: number } }>(id, (s) => s.summary.casesOpened === op.arrests, HAND_OVERS_WITHIN_MS);
    await this.command(api, id, 'conclude', { occurredAt: days(at, 1) }, `operation ${op.ref} concluded`);
    return suspects;
  }

  /** People the host police arrested outside the operations: identified by the police, then arrested. */
  private async playArrestsOutsideOperations(flight: FlightPlan): Promise<Suspect[]> {
    const outside = flight.arrestedOutsideOperations;
    if (!outside) return [];
    const suspects = range(0, outside.count).map((n) => ({
      caseId: `suspect-${this.run}-${flight.ref}-other-${n}`,
      arrestedAt: `${outside.arrestedOn}T03:00:00.000Z`,
      victimOffender: false,
    }));
    await this.inParallel(suspects, async (suspect, n) => {
      await this.open(this.as.npa, 'suspect', {
        caseId: suspect.caseId,
        leadAgency: 'NPA',
        personName: `Suspect ${this.run}-${flight.ref}-other-${n}`,
        hostCountry: flight.hostCountry,
        source: 'report',
        occurredAt: `${outside.identifiedOn}T03:00:00.000Z`,
      });
      await this.command(
        this.as.npa,
        suspect.caseId,
        'recordArrest',
        { arrestedBy: 'HOST_POLICE', occurredAt: suspect.arrestedAt },
        'suspects: arrested outside the operations',
      );
    });
    return suspects;
  }

  /** Deportation, the charter itself, and what happened on landing. Returns the flight's status. */
  async playFlight(flight: FlightPlan): Promise<string> {
    const others = await this.playArrestsOutsideOperations(flight);
    const { boarding, afterLanding } = flight;
    if (this.raidSuspects.length < boarding.raidArrests || this.victimOffenders.length !== boarding.victimOffenders) {
      throw new Error(`the plan boards more people on ${flight.ref} than its chapter arrested`);
    }
    const boarders = [...this.raidSuspects.slice(0, boarding.raidArrests), ...others, ...this.victimOffenders];
    const flightId = this.flightId(flight.ref);
    const boardingDay = `${flight.date}T01:00:00.000Z`;

    // Host immigration detains and deports; the embassy issues travel certificates.
    await this.inParallel(boarders, async ({ caseId, arrestedAt }, i) => {
      await this.command(
        this.as.immigration,
        caseId,
        'recordDetention',
        { basis: 'immigration', occurredAt: latest(days(arrestedAt, 2), days(boardingDay, -20)) },
        'suspects: detention',
      );
      const orderedAt = days(boardingDay, -12);
      await this.command(
        this.as.immigration,
        caseId,
        'orderDeportation',
        { orderReference: `DO-${this.run}-${flight.ref}-${i}`, occurredAt: orderedAt },
        'suspects: deportation',
      );
      await this.command(
        this.as.immigration,
        caseId,
        'recordReEntryBlacklist',
        { occurredAt: days(boardingDay, -11) },
        'suspects: deportation',
      );
      await this.command(
        this.as.mofa,
        caseId,
        'issueTravelDocument',
        {
          documentType: 'travel_certificate',
          documentNumber: `TC${this.run}${flight.ref.slice(0, 2)}${i}`,
          occurredAt: days(boardingDay, -10),
        },
        'suspects: travel certificate',
      );
    });

    // The charter: manifest, escorts, on-board arrest, landing, handover.
    const moj = this.as.moj;
    await this.open(moj, 'flight', {
      caseId: flightId,
      leadAgency: 'MOJ',
      hostCountry: flight.hostCountry,
      occurredAt: days(boardingDay, -14),
    });
    await this.command(
      moj,
      flightId,
      'openManifest',
      {
        flightNumber: flight.flightNumber ?? 'CHARTER',
        route: flight.route,
        capacity: boarders.length,
        escortRatio: flight.escortRatio,
        occurredAt: days(boardingDay, -14),
      },
      `flight ${flight.ref}`,
    );
    await this.inParallel(boarders, async ({ caseId }) => {
      await this.command(moj, flightId, 'addToManifest', { caseId, occurredAt: days(boardingDay, -7) }, `flight ${flight.ref}: manifest`);
    });
    await this.command(moj, flightId, 'lockManifest', { occurredAt: days(boardingDay, -2) }, `flight ${flight.ref}`);
    await this.command(
      moj,
      flightId,
      'assignEscorts',
      { officers: boarders.length * flight.escortRatio, occurredAt: days(boardingDay, -1) },
      `flight ${flight.ref}`,
    );
    await this.command(moj, flightId, 'depart', { occurredAt: boardingDay }, `flight ${flight.ref}`);
    await this.command(moj, flightId, 'land', { occurredAt: `${flight.date}T07:30:00.000Z` }, `flight ${flight.ref}`);
    await this.command(
      moj,
      flightId,
      'completeHandover',
      { receivedBy: 'NPA', occurredAt: `${flight.date}T08:00:00.000Z` },
      `flight ${flight.ref}`,
    );

    // In Korea: warrants within 48 hours for the first ones, releases for the victim-offenders, referrals.
    const warranted = boarders.filter((s) => !s.victimOffender).slice(0, afterLanding.detentionWarrantsSought);
    const released = boarders.filter((s) => s.victimOffender).slice(0, afterLanding.released);
    const charges = afterLanding.charges.flatMap(({ charge, people }) => Array<string>(people).fill(charge));
    await this.inParallel(boarders, async (suspect, i) => {
      await this.as.npa.waitForState<{ status: string }>(suspect.caseId, (s) => s.status === 'LANDED');
      if (released.includes(suspect)) {
        await this.command(
          this.as.npa,
          suspect.caseId,
          'recordRelease',
          { releasedBy: 'NPA', reason: 'released after questioning', occurredAt: `${flight.date}T14:00:00.000Z` },
          'suspects: released',
        );
      }
      if (!warranted.includes(suspect)) return;
      await this.command(
        this.as.npa,
        suspect.caseId,
        'requestDetentionWarrant',
        { court: 'Seoul Central District Court', occurredAt: `${flight.date}T12:00:00.000Z` },
        'suspects: detention warrant',
      );
      if (!afterLanding.warrantsIssued) return;
      await this.command(
        this.as.npa,
        suspect.caseId,
        'recordDetentionWarrantIssued',
        { warrantNumber: `DW-${this.run}-${flight.ref}-${i}`, occurredAt: `${flight.date}T20:00:00.000Z` },
        'suspects: detention warrant',
      );
      const charge = charges[i];
      if (!charge) return;
      await this.command(
        this.as.npa,
        suspect.caseId,
        'referToProsecution',
        {
          prosecutorsOffice: 'Seoul Central District Prosecutors Office',
          charges: [charge],
          occurredAt: days(`${flight.date}T00:00:00.000Z`, 9),
        },
        'suspects: prosecution',
      );
    });
    const { status } = await moj.state<{ status: string }>(flightId);
    return status;
  }
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}

/** Reported persons the plan's operations free before October 2025 (they are not among those still open then). */
export function rescuesBeforeOctober(operations: readonly OperationPlan[]): number {
  return operations.filter((op) => op.launchedOn < OCTOBER_2025).reduce((sum, op) => sum + (op.rescues?.count ?? 0), 0);
}

/** The requests the plan makes (opening a victim case, then every command), for the progress line. */
export function requestsOf(chapters: readonly { operations: readonly OperationPlan[]; flight?: FlightPlan }[]): number {
  const operations = chapters.flatMap((c) => c.operations);
  let requests = REPORTED_PERSONS + (REPORTED_PERSONS - OPEN_IN_OCTOBER_2025 - rescuesBeforeOctober(operations));
  for (const op of operations) {
    const rescues = op.rescues?.count ?? 0;
    requests += 4 + op.arrests + 2 * rescues + (op.rescues?.screening === 'victim_offender' ? rescues : 0);
  }
  for (const { flight } of chapters) {
    if (!flight) continue;
    const { boarding, afterLanding } = flight;
    const boarders = boarding.raidArrests + boarding.victimOffenders + boarding.arrestedOutsideOperations;
    const charged = afterLanding.charges.reduce((sum, c) => sum + c.people, 0);
    requests += boarding.arrestedOutsideOperations + 5 * boarders + 6;
    requests += afterLanding.released + afterLanding.detentionWarrantsSought * (afterLanding.warrantsIssued ? 2 : 1) + charged;
  }
  return requests;
}
