// config/deadlines.json against its schema: the file as shipped is valid and sourced; a bad entry
// (a value the clocks' events could not carry, a warning that does not fit its period, a malformed
// country, an entry without its source) is refused naming the entry; TASKFORCE_CLOCK_SCALE is
// refused in production; an unknown country has no deadlines rather than a default.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clockScaleFrom, DEFAULT_DEADLINES_FILE, DeadlineFileError, readDeadlineFile } from '../../activities/deadline-table.ts';
import { DeadlineTable, daysOf, SuspectDeadlines, VictimDeadlines } from '../../workflows/case-kit/deadlines.ts';

const shipped = JSON.parse(fs.readFileSync(DEFAULT_DEADLINES_FILE, 'utf8'));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deadlines-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Writes the shipped file changed by `change` and reads it back. */
function readChanged(change: (file: typeof shipped) => void) {
  const file = structuredClone(shipped);
  change(file);
  const at = path.join(dir, `${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(at, JSON.stringify(file));
  return () => readDeadlineFile(at);
}

describe('the deadlines file', () => {
  it('as shipped, gives every case the periods DOMAIN.md states, each with its source', () => {
    const table = new DeadlineTable(readDeadlineFile(DEFAULT_DEADLINES_FILE));
    expect(table.hostCountries).toEqual(['KH', 'PH', 'TH']);
    expect(table.suspect('PH')).toMatchObject({
      provisionalArrestDays: 20,
      detentionWarrantHours: 48,
      detentionDays: 10,
      detentionExtensionDays: 10,
    });
    expect(table.victim()).toEqual({ welfareFollowUpDays: 7, rescueEscalationDays: 14 });
    // What the workflows record fits the events' schemas.
    expect(SuspectDeadlines.safeParse(table.suspect('KH')).success).toBe(true);
    expect(VictimDeadlines.safeParse(table.victim()).success).toBe(true);
    // The inferred values say so.
    expect(shipped.treaties.KH.provisionalArrestDays.assumed).toBe(true);
    expect(shipped.treaties.PH.provisionalArrestDays.assumed).toBe(false);
  });

  it('has no deadlines for a host country it does not name (no silent default)', () => {
    const table = new DeadlineTable(readDeadlineFile(DEFAULT_DEADLINES_FILE));
    expect(table.knows('VN')).toBe(false);
    expect(table.suspect('VN')).toBeNull();
  });

  it.each([
    [
      'a warning period the events cannot carry (not whole days)',
      (f: typeof shipped) => {
        f.suspect.provisionalArrestWarningDays.value = 2.5;
      },
      /suspect\.provisionalArrestWarningDays\.value: .*int/i,
    ],
    [
      'a negative period',
      (f: typeof shipped) => {
        f.suspect.detentionDays.value = -1;
      },
      /suspect\.detentionDays\.value/,
    ],
    [
      'a warning as long as the period it warns about',
      (f: typeof shipped) => {
        f.suspect.provisionalArrestWarningDays.value = 20;
      },
      /suspect\.provisionalArrestWarningDays\.value: a 20-day warning does not fit PH's 20-day provisional arrest/,
    ],
    [
      'a detention-warrant warning longer than the window',
      (f: typeof shipped) => {
        f.suspect.detentionWarrantWarningHours.value = 60;
      },
      /suspect\.detentionWarrantWarningHours\.value: the warning must be shorter/,
    ],
    [
      'a malformed host country',
      (f: typeof shipped) => {
        f.treaties.cambodia = f.treaties.KH;
      },
      /treaties\.cambodia: Invalid key/,
    ],
    [
      'an entry without its source',
      (f: typeof shipped) => {
        delete f.treaties.TH.provisionalArrestDays.source;
      },
      /treaties\.TH\.provisionalArrestDays\.source/,
    ],
    [
      'an entry without its assumed marker',
      (f: typeof shipped) => {
        delete f.victim.welfareFollowUpDays.assumed;
      },
      /victim\.welfareFollowUpDays\.assumed/,
    ],
    [
      'a misspelt period',
      (f: typeof shipped) => {
        f.suspect.detentionDay = f.suspect.detentionDays;
      },
      /suspect: .*detentionDay/,
    ],
    [
      'no host country at all',
      (f: typeof shipped) => {
        f.treaties = {};
      },
      /treaties: name at least one host country/,
    ],
  ])('refuses %s, naming the entry', (_, change, message) => {
    const read = readChanged(change);
    expect(read).toThrow(DeadlineFileError);
    expect(read).toThrow(message);
  });

  it('refuses a file that is not JSON, naming the file', () => {
    const at = path.join(dir, 'broken.json');
    fs.writeFileSync(at, '{ "victim": ');
    expect(() => readDeadlineFile(at)).toThrow(new RegExp(`deadlines file ${at}`));
  });
});

describe('TASKFORCE_CLOCK_SCALE', () => {
  it('divides every period of a case opened under it, and is recorded with the case', () => {
    const table = new DeadlineTable(
      readDeadlineFile(DEFAULT_DEADLINES_FILE),
      clockScaleFrom({ TASKFORCE_PROFILE: 'dev', TASKFORCE_CLOCK_SCALE: '1440' }),
    );
    const deadlines = table.suspect('PH')!;
    expect(deadlines.clockScale).toBe(1440);
    expect(daysOf(deadlines, deadlines.provisionalArrestDays)).toBe(20 * 60_000); // 20 days last 20 minutes
    expect(new DeadlineTable(readDeadlineFile(DEFAULT_DEADLINES_FILE)).suspect('PH')).not.toHaveProperty('clockScale');
  });

  it('is refused in production and when it is not a whole number', () => {
    expect(() => clockScaleFrom({ TASKFORCE_CLOCK_SCALE: '1440' })).toThrow(/refused in production/);
    expect(() => clockScaleFrom({ TASKFORCE_PROFILE: 'prod', TASKFORCE_CLOCK_SCALE: '1440' })).toThrow(/refused in production/);
    expect(() => clockScaleFrom({ TASKFORCE_PROFILE: 'test', TASKFORCE_CLOCK_SCALE: 'fast' })).toThrow(/whole number/);
    expect(clockScaleFrom({})).toBe(1);
  });
});
