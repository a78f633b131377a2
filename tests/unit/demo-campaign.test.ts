// The demo's plan (demo/campaign.ts) is data the running system checks figure by figure; these
// tests check the plan against itself first: who boards each flight adds up to the seed's figure,
// the reports add up to the open ones and the freed ones, and every fact is dated in the past and
// in an order the cases accept.
import { describe, expect, it } from 'vitest';
import { CAMPAIGN, ESTIMATES, FLIGHTS, OPEN_IN_OCTOBER_2025, REPORTED_PERSONS, REPORTS, type SeedFigure } from '../../demo/campaign.ts';
import { estimateBody } from '../../demo/estimates.ts';
import { reportDate, rescuesBeforeOctober } from '../../demo/play.ts';
import { Estimate } from '../../workflows/operation/events.ts';

const figures: SeedFigure[] = CAMPAIGN.flatMap((chapter) => chapter.figures);
const seedOf = (reading: (figure: SeedFigure) => boolean) => figures.find(reading)?.seed;

describe('the demo campaign plan', () => {
  it('boards on each flight as many people as the seed says returned on it', () => {
    for (const flight of Object.values(FLIGHTS)) {
      const { raidArrests, victimOffenders, arrestedOutsideOperations } = flight.boarding;
      const deported = seedOf((f) => f.reading.kind === 'statistic' && f.reading.metric === 'deported' && f.reading.flight === flight.ref);
      expect(raidArrests + victimOffenders + arrestedOutsideOperations, flight.ref).toBe(deported);
    }
  });

  it('arrests in each chapter at least the raid arrests its flight boards, and finds its victim-offenders', () => {
    for (const { operations, flight } of CAMPAIGN) {
      if (!flight) continue;
      expect(operations.reduce((sum, op) => sum + op.arrests, 0)).toBeGreaterThanOrEqual(flight.boarding.raidArrests);
      const victimOffenders = operations.reduce((sum, op) => sum + (op.rescues?.screening === 'victim_offender' ? op.rescues.count : 0), 0);
      expect(victimOffenders, flight.ref).toBe(flight.boarding.victimOffenders);
      expect(flight.afterLanding.released).toBeLessThanOrEqual(victimOffenders);
    }
  });

  it('charges on landing no more people than got a warrant', () => {
    for (const { afterLanding } of Object.values(FLIGHTS)) {
      const charged = afterLanding.charges.reduce((sum, c) => sum + c.people, 0);
      expect(charged).toBeLessThanOrEqual(afterLanding.warrantsIssued ? afterLanding.detentionWarrantsSought : 0);
    }
  });

  it('leaves the seed’s open reports open in October 2025, after the rescues before then', () => {
    expect(REPORTED_PERSONS).toBe(1 + 17 + 220 + 330);
    const operations = CAMPAIGN.flatMap((c) => c.operations);
    expect(REPORTED_PERSONS - OPEN_IN_OCTOBER_2025 - rescuesBeforeOctober(operations)).toBeGreaterThan(0);
    expect(seedOf((f) => f.reading.kind === 'statistic' && f.reading.metric === 'still_missing')).toBe(OPEN_IN_OCTOBER_2025);
  });

  it('dates the reports in order, each within the period its year covers', () => {
    let first = 0;
    let previous = '';
    for (const { year, count, from, to } of REPORTS) {
      for (let i = first; i < first + count; i++) {
        const at = reportDate(i);
        expect(at >= `${from}T00:00:00.000Z` && at <= `${to}T23:59:59.999Z`, `report ${i} on ${at} in ${year}`).toBe(true);
        expect(at >= previous).toBe(true);
        previous = at;
      }
      first += count;
    }
    expect(() => reportDate(REPORTED_PERSONS)).toThrow();
  });

  it('dates every operation, flight and estimate in the past, each flight after its chapter’s operations', () => {
    const now = new Date().toISOString();
    for (const { operations, flight } of CAMPAIGN) {
      for (const op of operations) expect(op.launchedOn < now.slice(0, 10)).toBe(true);
      if (!flight) continue;
      expect(flight.date < now.slice(0, 10)).toBe(true);
      // An arrest (a victim-offender's 4 days after the raid), then detention 2 days later, before the deportation order 12 days before boarding.
      for (const op of operations) expect(Date.parse(flight.date) - Date.parse(op.launchedOn), op.ref).toBeGreaterThan(18 * 86_400_000);
      const outside = flight.arrestedOutsideOperations;
      if (outside) expect(outside.identifiedOn < outside.arrestedOn && outside.arrestedOn < flight.date).toBe(true);
    }
    for (const estimate of ESTIMATES) expect(estimate.asOf < now.slice(0, 10)).toBe(true);
  });

  it('sends each estimate as the recordEstimate command takes it, no field missing or extra', () => {
    for (const estimate of ESTIMATES) expect(Estimate.strict().safeParse(estimateBody(estimate)).error).toBeUndefined();
  });

  it('keeps the estimate of about 2,000 held out of the counts: an estimate with its source, method and date', () => {
    expect(ESTIMATES).toEqual([expect.objectContaining({ figure: 2000, sourceAgency: 'NPA', asOf: '2026-01-23' })]);
    expect(figures.some((f) => f.seed === 2000)).toBe(false);
  });
});
