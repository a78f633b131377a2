// Deadlines are data, not constants in code: per-treaty provisional-arrest periods and the
// domestic clocks (DOMAIN.md, "Deadlines to model as data") live in config/deadlines.json, which
// a user may change. This file is its schema and what a case carries of it: the worker and the API
// validate the file when they start (activities/deadline-table.ts), workflows read the periods
// through the resolveDeadlines activities when a case starts and carry them through
// continue-as-new. Pure: it runs in the workflow sandbox too.
import { z } from 'zod';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** How a clock's periods are scaled: 1 in production; a dev or test run may make a day last a minute (1440). */
const ClockScale = z.number().int().min(1).max(86_400);

export const VictimDeadlines = z.object({
  /** Welfare follow-up interval while a reported person is not located. */
  welfareFollowUpDays: z.number().positive(),
  /** Escalate to a supervisor when a located person is not rescued within this many days. */
  rescueEscalationDays: z.number().positive(),
  /** Every period above is divided by this (TASKFORCE_CLOCK_SCALE); absent before scaling existed: 1. */
  clockScale: ClockScale.optional(),
});
export type VictimDeadlines = z.infer<typeof VictimDeadlines>;

export const SuspectDeadlines = z.object({
  /** Provisional arrest lapses unless the formal extradition request arrives in time (per treaty). */
  provisionalArrestDays: z.number().positive(),
  /** Escalate this many days before the provisional arrest lapses. */
  provisionalArrestWarningDays: z.number().int().min(0),
  /** After an arrest in Korea (on board a Korean aircraft): request a detention warrant or release. */
  detentionWarrantHours: z.number().positive(),
  /** Escalate this many hours before the warrant clock runs out. */
  detentionWarrantWarningHours: z.number().int().min(0),
  detentionDays: z.number().positive(),
  detentionExtensionDays: z.number().positive(),
  /** Remind (and chase) when the host has not answered an extradition request for this many days. */
  requestChaseDays: z.number().positive(),
  /** Every period above is divided by this (TASKFORCE_CLOCK_SCALE); absent before scaling existed: 1. */
  clockScale: ClockScale.optional(),
});
export type SuspectDeadlines = z.infer<typeof SuspectDeadlines>;

/** A period of the case's clocks, in milliseconds, scaled as the case was opened. */
export function daysOf(deadlines: { clockScale?: number | undefined }, days: number): number {
  return (days * DAY_MS) / (deadlines.clockScale ?? 1);
}

export function hoursOf(deadlines: { clockScale?: number | undefined }, hours: number): number {
  return (hours * HOUR_MS) / (deadlines.clockScale ?? 1);
}

/** One value of the file: what it is, where it comes from, and whether that source is an inference. */
function sourced<T extends z.ZodType>(value: T) {
  return z
    .object({
      value,
      source: z.string().min(1).describe('where the value comes from (a law, a treaty, DOMAIN.md)'),
      assumed: z.boolean().describe('true where the value is inferred rather than read in its source: confirm it'),
    })
    .strict();
}

const wholeDays = z.number().int().positive();
const wholeHours = z.number().int().positive();
/** A warning period: the events that raise it carry whole days or hours left (daysLeft, hoursLeft). */
const warning = z.number().int().min(0);

/** A host country as the commands name it: two capital letters (ISO 3166-1 alpha-2). */
export const HostCountryCode = z.string().regex(/^[A-Z]{2}$/, 'a host country is two capital letters (ISO 3166-1 alpha-2), e.g. KH');

/** config/deadlines.json: every value a case's clocks run on, each with its source. */
export const DeadlineFile = z
  .object({
    $comment: z.string().optional(),
    victim: z
      .object({
        welfareFollowUpDays: sourced(wholeDays),
        rescueEscalationDays: sourced(wholeDays),
      })
      .strict(),
    suspect: z
      .object({
        provisionalArrestWarningDays: sourced(warning),
        detentionWarrantHours: sourced(wholeHours),
        detentionWarrantWarningHours: sourced(warning),
        detentionDays: sourced(wholeDays),
        detentionExtensionDays: sourced(wholeDays),
        requestChaseDays: sourced(wholeDays),
      })
      .strict(),
    /** The provisional-arrest period per host country: a country missing here cannot be worked. */
    treaties: z.record(HostCountryCode, z.object({ provisionalArrestDays: sourced(wholeDays) }).strict()),
  })
  .strict()
  .superRefine((file, context) => {
    // A warning must come after its clock starts, or the case would record it before the fact it warns about.
    const warnDays = file.suspect.provisionalArrestWarningDays.value;
    for (const [country, terms] of Object.entries(file.treaties)) {
      if (warnDays >= terms.provisionalArrestDays.value) {
        context.addIssue({
          code: 'custom',
          path: ['suspect', 'provisionalArrestWarningDays', 'value'],
          message: `a ${warnDays}-day warning does not fit ${country}'s ${terms.provisionalArrestDays.value}-day provisional arrest: it must be shorter`,
        });
      }
    }
    if (file.suspect.detentionWarrantWarningHours.value >= file.suspect.detentionWarrantHours.value) {
      context.addIssue({
        code: 'custom',
        path: ['suspect', 'detentionWarrantWarningHours', 'value'],
        message: 'the warning must be shorter than the detention-warrant period it warns about',
      });
    }
    if (Object.keys(file.treaties).length === 0) {
      context.addIssue({ code: 'custom', path: ['treaties'], message: 'name at least one host country' });
    }
  });
export type DeadlineFile = z.infer<typeof DeadlineFile>;

/** The deadlines a new case opens with, read from the file; a country the file does not name has none. */
export class DeadlineTable {
  constructor(
    private readonly file: DeadlineFile,
    readonly clockScale = 1,
  ) {}

  get hostCountries(): string[] {
    return Object.keys(this.file.treaties).sort();
  }

  knows(hostCountry: string): boolean {
    return Object.hasOwn(this.file.treaties, hostCountry);
  }

  victim(): VictimDeadlines {
    const v = this.file.victim;
    return { welfareFollowUpDays: v.welfareFollowUpDays.value, rescueEscalationDays: v.rescueEscalationDays.value, ...this.scale() };
  }

  /** Null for a host country the file does not name. */
  suspect(hostCountry: string): SuspectDeadlines | null {
    if (!this.knows(hostCountry)) return null;
    const s = this.file.suspect;
    return {
      provisionalArrestDays: this.file.treaties[hostCountry]!.provisionalArrestDays.value,
      provisionalArrestWarningDays: s.provisionalArrestWarningDays.value,
      detentionWarrantHours: s.detentionWarrantHours.value,
      detentionWarrantWarningHours: s.detentionWarrantWarningHours.value,
      detentionDays: s.detentionDays.value,
      detentionExtensionDays: s.detentionExtensionDays.value,
      requestChaseDays: s.requestChaseDays.value,
      ...this.scale(),
    };
  }

  /** Recorded only when scaled, so an unscaled case's opening fact is what it always was. */
  private scale(): { clockScale?: number } {
    return this.clockScale === 1 ? {} : { clockScale: this.clockScale };
  }
}
