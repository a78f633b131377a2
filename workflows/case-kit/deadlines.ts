// Deadlines are data, not constants in code: per-treaty provisional-arrest periods and the
// domestic clocks (DOMAIN.md, "Deadlines to model as data"). Workflows read them through the
// resolveDeadlines activity when a case starts and carry them through continue-as-new.

export interface VictimDeadlines {
  /** Welfare follow-up interval while a reported person is not located. */
  welfareFollowUpDays: number;
  /** Escalate to a supervisor when a located person is not rescued within this many days. */
  rescueEscalationDays: number;
}

export interface SuspectDeadlines {
  /** Provisional arrest lapses unless the formal extradition request arrives in time (per treaty). */
  provisionalArrestDays: number;
  /** Escalate this many days before the provisional arrest lapses. */
  provisionalArrestWarningDays: number;
  /** After an arrest in Korea (on board a Korean aircraft): request a detention warrant or release. */
  detentionWarrantHours: number;
  /** Escalate this many hours before the warrant clock runs out. */
  detentionWarrantWarningHours: number;
  detentionDays: number;
  detentionExtensionDays: number;
  /** Remind (and chase) when the host has not answered an extradition request for this many days. */
  requestChaseDays: number;
}

export interface TreatyTerms {
  hostCountry: string;
  provisionalArrestDays: number;
  source: string;
}

/** Provisional-arrest periods. Where the source is an inference, operators should confirm it. */
export const TREATIES: Record<string, TreatyTerms> = {
  PH: { hostCountry: 'PH', provisionalArrestDays: 20, source: 'Philippine extradition decree (DOMAIN.md)' },
  KH: { hostCountry: 'KH', provisionalArrestDays: 60, source: 'Korea-Cambodia treaty 2009; period is an inference, confirm with MOJ' },
  TH: { hostCountry: 'TH', provisionalArrestDays: 45, source: 'typical bilateral treaty period; inference, confirm with MOJ' },
};

export const DEFAULT_PROVISIONAL_ARREST_DAYS = 45;

export const VICTIM_DEADLINES: VictimDeadlines = { welfareFollowUpDays: 7, rescueEscalationDays: 14 };

export function suspectDeadlinesFor(hostCountry: string): SuspectDeadlines {
  return {
    provisionalArrestDays: TREATIES[hostCountry]?.provisionalArrestDays ?? DEFAULT_PROVISIONAL_ARREST_DAYS,
    provisionalArrestWarningDays: 5,
    detentionWarrantHours: 48,
    detentionWarrantWarningHours: 12,
    detentionDays: 10,
    detentionExtensionDays: 10,
    // Inference: no published service standard; the host answered 6 of 20 requests in 8 months (DOMAIN.md).
    requestChaseDays: 30,
  };
}
