// Shared by the projection tests: names of their own on the shared stack (topic prefix, consumer
// groups, a read-model schema copied from the migrated one), valid case events, a producer that
// plays the relay's part, and the projector as a child process a test can kill -9.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import type pg from 'pg';
import { loadSettings } from '../../app/settings.ts';
import { eventDefinition, validateEventData } from '../../events/catalogue.ts';
import type { Actor, EventEnvelope, NewEvent } from '../../events/envelope.ts';
import { caseTopic, ensureCaseTopics } from '../../eventstore/topics.ts';
import { kindOfStream } from '../../projections/case-record.ts';
import { PROJECTIONS } from '../../projections/catalogue.ts';
import { ownedTables } from '../../projections/projection.ts';
import { copyTables, dropSchema } from '../../projections/read-model-schema.ts';
import { type ProjectionSettings, projectionSettingsFromEnv } from '../../projections/settings.ts';

export interface ProjectionEnv extends Record<string, string> {
  TASKFORCE_TOPIC_PREFIX: string;
  TASKFORCE_PROJECTION_GROUP_PREFIX: string;
  TASKFORCE_READ_MODEL_SCHEMA: string;
}

export function isolatedProjectionEnv(): ProjectionEnv {
  const id = randomUUID().slice(0, 8);
  return {
    TASKFORCE_TOPIC_PREFIX: `test-${id}`,
    TASKFORCE_PROJECTION_GROUP_PREFIX: `test-${id}.projection`,
    TASKFORCE_READ_MODEL_SCHEMA: `rm_test_${id}`,
  };
}

export function projectionSettings(env: ProjectionEnv, log: (line: string) => void = () => undefined): ProjectionSettings {
  return { ...projectionSettingsFromEnv({ ...process.env, ...env }), log };
}

/** A schema with empty copies of every projection's tables, from the migrated public schema. */
export async function createReadModelSchema(pool: pg.Pool, schema: string): Promise<void> {
  const client = await pool.connect();
  try {
    await copyTables(
      client,
      'public',
      schema,
      PROJECTIONS.flatMap((p) => ownedTables(p)),
    );
  } finally {
    client.release();
  }
}

export async function dropReadModelSchema(pool: pg.Pool, schema: string): Promise<void> {
  const client = await pool.connect();
  try {
    await dropSchema(client, schema);
  } finally {
    client.release();
  }
}

const ACTOR: Actor = { agency: 'MOFA', role: 'operator', userId: 'call-centre-7' };

/** The data of each step of a victim's case, in lifecycle order; a case stops at any step. */
function victimStory(caseId: string, hostCountry: string, flightId: string): { type: string; data: Record<string, unknown> }[] {
  return [
    {
      type: 'VictimReported',
      data: {
        caseId,
        leadAgency: 'MOFA',
        personName: `Person ${caseId.slice(-6)}`,
        birthDate: '1999-04-01',
        reportedBy: 'family',
        hostCountry,
        lastKnownLocation: 'Compound B, Sihanoukville',
        contactPhone: '+82-10-0000-0000',
        deadlines: { welfareFollowUpDays: 7, rescueEscalationDays: 14 },
      },
    },
    {
      type: 'VictimLocated',
      data: { caseId, location: 'Building 4, Compound B', confirmedBy: 'NPA', rescueDeadline: '2024-03-20T00:00:00.000Z' },
    },
    { type: 'RescueRequested', data: { caseId, requestedFrom: 'HOST_POLICE', operationId: 'operation-test' } },
    { type: 'VictimRescued', data: { caseId, rescuedBy: 'HOST_POLICE', operationId: 'operation-test' } },
    { type: 'VictimSheltered', data: { caseId, shelter: 'Embassy shelter' } },
    { type: 'VictimScreened', data: { caseId, outcome: 'victim', statement: 'Recruited through a fake job offer.' } },
    { type: 'VictimTravelDocumentIssued', data: { caseId, documentType: 'travel_certificate', documentNumber: 'TC1234567' } },
    { type: 'VictimRepatriated', data: { caseId, flightId } },
    { type: 'VictimFollowUpStarted', data: { caseId } },
    { type: 'VictimCaseClosed', data: { caseId } },
  ];
}

export const VICTIM_STORY_LENGTH = 10;

/** The first `steps` events of a victim's case, as a writer hands them to the event store. */
export function victimEvents(caseId: string, steps: number, options: { hostCountry?: string; reportedAt?: Date } = {}): NewEvent[] {
  const start = (options.reportedAt ?? new Date('2024-03-01T02:00:00.000Z')).getTime();
  return victimStory(caseId, options.hostCountry ?? 'KH', 'flight-test')
    .slice(0, steps)
    .map(({ type, data }, i) => ({
      eventId: randomUUID(),
      type,
      streamId: caseId,
      occurredAt: new Date(start + i * 3_600_000).toISOString(),
      actor: ACTOR,
      correlationId: `test-${caseId}`,
      causationId: null,
      data,
    }));
}

type Fact = [streamId: string, type: string, data: Record<string, unknown>];

const SUSPECT_DEADLINES = {
  provisionalArrestDays: 60,
  provisionalArrestWarningDays: 5,
  detentionWarrantHours: 48,
  detentionWarrantWarningHours: 12,
  detentionDays: 10,
  detentionExtensionDays: 10,
  requestChaseDays: 30,
};

/**
 * A joint operation that raids two targets, detains a suspect and rescues a victim, each handed to
 * their own case; the suspect is deported on a charter flight (a second suspect loses its seat),
 * and another suspect waits under provisional arrest. Validated against the catalogue.
 */
export function raidAndFlightEvents(ref = randomUUID().slice(0, 8)): NewEvent[] {
  const operationId = `operation-${ref}`;
  const flightId = `flight-${ref}`;
  const [deported, dropped, waiting] = [`suspect-${ref}-1`, `suspect-${ref}-2`, `suspect-${ref}-3`];
  const rescued = `victim-${ref}-1`;
  const found = { operationId, hostCountry: 'KH', birthDate: '1990-01-02' };
  const identified = (caseId: string, source: string) => ({
    caseId,
    leadAgency: 'NPA',
    personName: `Suspect ${caseId}`,
    passportNumber: 'M12345678',
    hostCountry: 'KH',
    source,
    operationId,
    deadlines: SUSPECT_DEADLINES,
  });
  const facts: Fact[] = [
    [
      operationId,
      'OperationPlanned',
      { operationId, leadAgency: 'NPA', hostCountry: 'KH', codeName: 'Dawn', partnerAgencies: ['HOST_POLICE', 'MOFA'] },
    ],
    [operationId, 'OperationLaunched', { operationId }],
    [operationId, 'TargetRaided', { operationId, targetRef: 'T1', compound: 'Compound B', province: 'Preah Sihanouk' }],
    [operationId, 'TargetRaided', { operationId, targetRef: 'T2', compound: 'Casino 9', province: 'Banteay Meanchey' }],
    [
      operationId,
      'PersonDetained',
      {
        ...found,
        personRef: 'P1',
        caseId: deported,
        targetRef: 'T1',
        personName: 'Detained One',
        role: 'suspect',
        detainedBy: 'HOST_POLICE',
      },
    ],
    [
      operationId,
      'PersonRescued',
      { ...found, personRef: 'P2', caseId: rescued, targetRef: 'T2', personName: 'Rescued Two', rescuedBy: 'HOST_POLICE' },
    ],
    [operationId, 'PersonHandedToCase', { operationId, personRef: 'P1', caseId: deported, caseKind: 'suspect' }],
    [operationId, 'PersonHandedToCase', { operationId, personRef: 'P2', caseId: rescued, caseKind: 'victim' }],
    [operationId, 'OperationConcluded', { operationId, targetsRaided: 2, suspectsDetained: 1, victimsRescued: 1, pendingScreening: 0 }],
    [
      rescued,
      'VictimReported',
      {
        caseId: rescued,
        leadAgency: 'MOFA',
        personName: 'Rescued Two',
        reportedBy: 'police',
        hostCountry: 'KH',
        deadlines: { welfareFollowUpDays: 7, rescueEscalationDays: 14 },
      },
    ],
    [rescued, 'VictimRescued', { caseId: rescued, rescuedBy: 'HOST_POLICE', operationId }],
    [deported, 'SuspectIdentified', identified(deported, 'raid')],
    [deported, 'SuspectArrested', { caseId: deported, arrestedBy: 'HOST_POLICE', operationId, location: 'Compound B' }],
    [deported, 'SuspectDetained', { caseId: deported, basis: 'immigration', facility: 'Immigration detention centre' }],
    [deported, 'DeportationOrdered', { caseId: deported, orderReference: 'GDI-1' }],
    [deported, 'ReEntryBlacklisted', { caseId: deported }],
    [deported, 'SuspectTravelDocumentIssued', { caseId: deported, documentType: 'travel_certificate', documentNumber: 'TC7654321' }],
    [deported, 'SuspectJoinedManifest', { caseId: deported, flightId, seat: '12A' }],
    [dropped, 'SuspectIdentified', identified(dropped, 'raid')],
    [waiting, 'SuspectIdentified', identified(waiting, 'report')],
    [waiting, 'SuspectArrested', { caseId: waiting, arrestedBy: 'HOST_POLICE' }],
    [waiting, 'SuspectDetained', { caseId: waiting, basis: 'provisional_arrest', provisionalArrestDeadline: '2024-05-01T00:00:00.000Z' }],
    [flightId, 'FlightPlanned', { flightId, leadAgency: 'MOJ', hostCountry: 'KH' }],
    [
      flightId,
      'ManifestOpened',
      { flightId, flightNumber: 'KE9690', route: { origin: 'PNH', destination: 'ICN' }, capacity: 80, escortRatio: 2 },
    ],
    [flightId, 'CaseManifested', { flightId, caseId: deported, seat: '12A' }],
    [flightId, 'CaseManifested', { flightId, caseId: dropped, seat: '12B' }],
    [flightId, 'SeatReleased', { flightId, caseId: dropped, seat: '12B', cause: 'lost_clearance', reason: 'host case hold' }],
    [flightId, 'ManifestLocked', { flightId, manifested: 1 }],
    [flightId, 'EscortsAssigned', { flightId, officers: 2, manifested: 1, officersRequired: 2 }],
    [flightId, 'FlightDeparted', { flightId, caseIds: [deported], officers: 2 }],
    [
      deported,
      'SuspectArrestedOnBoard',
      { caseId: deported, flightId, warrantNumber: 'W-1', detentionWarrantDeadline: '2024-04-03T10:00:00.000Z' },
    ],
    [flightId, 'FlightLanded', { flightId, caseIds: [deported] }],
    [deported, 'SuspectLanded', { caseId: deported, flightId }],
    [flightId, 'HandoverCompleted', { flightId, handedOver: 1, receivedBy: 'NPA' }],
  ];
  const start = Date.parse('2024-04-01T00:00:00.000Z');
  return facts.map(([streamId, type, data], i) => ({
    eventId: randomUUID(),
    type,
    streamId,
    occurredAt: new Date(start + i * 60_000).toISOString(),
    actor: ACTOR,
    correlationId: `test-${ref}`,
    causationId: null,
    data: validateEventData(type, data),
  }));
}

/** Envelopes of events from several streams, each stream's numbered from 1 in the order given. */
export function asStreamEnvelopes(events: readonly NewEvent[]): EventEnvelope[] {
  const versions = new Map<string, number>();
  return events.map((event) => {
    const version = (versions.get(event.streamId) ?? 0) + 1;
    versions.set(event.streamId, version);
    return asEnvelopes([event], version)[0]!;
  });
}

/** Stored envelopes, as the relay publishes them: versions from 1, the catalogue's classification. */
export function asEnvelopes(events: readonly NewEvent[], firstVersion = 1): EventEnvelope[] {
  return events.map((event, i) => {
    const definition = eventDefinition(event.type);
    return {
      ...event,
      schemaVersion: definition.version,
      classification: event.classification ?? definition.classification,
      streamVersion: firstVersion + i,
      recordedAt: event.occurredAt,
    };
  });
}

export function newVictimCaseId(): string {
  return `victim-test-${randomUUID()}`;
}

/** Publishes envelopes as the relay would: to the case kind's topic, keyed by stream id. */
export async function publish(topicPrefix: string, envelopes: readonly EventEnvelope[]): Promise<void> {
  const kafka = new Kafka({ clientId: 'projection-test', brokers: loadSettings().kafkaBrokers, logLevel: logLevel.NOTHING });
  await ensureCaseTopics(kafka, topicPrefix, 3);
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    const byTopic = new Map<string, { key: string; value: string }[]>();
    for (const envelope of envelopes) {
      const topic = caseTopic(topicPrefix, kindOfStream(envelope.streamId));
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), { key: envelope.streamId, value: JSON.stringify(envelope) }]);
    }
    await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
  } finally {
    await producer.disconnect();
  }
}

export async function waitUntil(what: string, done: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** All rows of a read-model table in a stable order, as JSON-comparable values. */
export async function tableRows(db: pg.Pool, schema: string, table: string, orderBy: string): Promise<Record<string, unknown>[]> {
  const { rows } = await db.query(`SELECT * FROM ${schema}.${table} ORDER BY ${orderBy}`);
  return rows;
}

/** `tsx app/projector.ts` as a single process (no tsx wrapper), so SIGKILL reaches the projector itself. */
export class ProjectorProcess {
  readonly output: string[] = [];
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;

  constructor(env: Record<string, string>) {
    const root = path.resolve(import.meta.dirname, '../..');
    this.child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'app/projector.ts')], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [this.child.stdout!, this.child.stderr!]) {
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => this.output.push(...chunk.split('\n').filter(Boolean)));
    }
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
  }

  get exitCode(): number | null {
    return this.child.exitCode;
  }

  async waitForLine(pattern: RegExp, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.output.some((line) => pattern.test(line))) {
      if (Date.now() > deadline) throw new Error(`projector never logged ${pattern}; it logged:\n${this.output.join('\n')}`);
      if (this.child.exitCode !== null) throw new Error(`projector exited (${this.child.exitCode}):\n${this.output.join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    await this.exited;
  }
}
