// The statuses a SuspectCase moves through. Their own file because both the decider (its
// transition table) and the events (a host case hold records the status it interrupted) name them.

export const SUSPECT_STATUSES = [
  'NEW',
  'IDENTIFIED',
  'WANTED',
  'ARRESTED',
  'DETAINED',
  // formal extradition
  'EXTRADITION_REQUESTED',
  'HOST_COURT_APPROVED',
  'HOST_EXECUTIVE_APPROVED',
  // deportation
  'DEPORTATION_ORDERED',
  'RE_ENTRY_BLACKLISTED',
  /** A pending host criminal case holds the suspect; the hold remembers where the case resumes. */
  'HELD_BY_HOST_CASE',
  'TRAVEL_DOCUMENT_ISSUED',
  /** Cleared once, then withdrawn (a revoked travel document, a court order): a new document clears again. */
  'CLEARANCE_WITHDRAWN',
  'MANIFESTED',
  'IN_TRANSIT',
  'LANDED',
  'DETENTION_WARRANT_REQUESTED',
  'DETAINED_IN_KOREA',
  'REFERRED_TO_PROSECUTION',
  'CLOSED',
  // failure paths: all but DROPPED can still lead somewhere (re-arrest, another route, referral)
  'APPROVAL_DENIED',
  'RELEASED',
  'ESCAPED',
  'DROPPED',
  /** Screening found a victim, not an offender: the person's history goes on in a victim case. */
  'SCREENED_AS_VICTIM',
] as const;
export type SuspectStatus = (typeof SUSPECT_STATUSES)[number];
