// The SuspectCase's messages, declared once for the workflow and every client (operators, the
// JointOperation that arrests, the CharterFlight that carries the suspect home).
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { z } from 'zod';
import type { CarriedCase } from '../case-kit/case-runtime.ts';
import { updatesFor } from '../case-kit/messages.ts';
import type { MessageSeal } from '../case-kit/sealed-message.ts';
import type { BoardedAndArrested, DetainedInRaid, IdentifySuspect, Landed } from './commands.ts';
import { suspectCommandSchemas } from './commands.ts';
import type { SuspectState } from './decider.ts';

/** One Update per operator command; `joinManifest` and `leaveManifest` are the flight's saga steps. */
export const suspectUpdates = updatesFor(suspectCommandSchemas);
export const joinManifestUpdate = suspectUpdates.joinManifest;
export const leaveManifestUpdate = suspectUpdates.leaveManifest;

export const suspectStateQuery = defineQuery<SuspectState>('state');

/** The flight's boarding: the Korean warrant was executed in the cabin; the 48-hour clock starts. */
export type BoardedAndArrestedFact = z.input<typeof BoardedAndArrested>;
export const boardedAndArrestedSignal = defineSignal<[BoardedAndArrestedFact, MessageSeal?]>('boardedAndArrested');

/** The flight landed in Korea with the suspect on board. */
export type LandedFact = z.input<typeof Landed>;
export const landedSignal = defineSignal<[LandedFact, MessageSeal?]>('landed');

/** A joint operation arrested this person; repeated for the same operation it changes nothing. */
export type DetainedInRaidFact = z.input<typeof DetainedInRaid>;
export const detainedInRaidSignal = defineSignal<[DetainedInRaidFact, MessageSeal?]>('detainedInRaid');

/** Sent by the suspect case to the flight it was manifested on when it may no longer travel. */
export interface CaseLostClearance {
  caseId: string;
  reason: string;
}
export const caseLostClearanceSignal = defineSignal<[CaseLostClearance, MessageSeal?]>('caseLostClearance');

export interface SuspectCaseInput {
  identify: z.input<typeof IdentifySuspect>;
  /** Present after continue-as-new: the state and stream version the previous run ended with. */
  carried?: CarriedCase<SuspectState>;
}

export interface SuspectCaseOutcome {
  caseId: string;
  status: SuspectState['status'];
  streamVersion: number;
}
