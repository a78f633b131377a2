// The CharterFlight's messages, declared once for the workflow and every client, and the signals
// it exchanges with the suspect cases on its manifest.
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { z } from 'zod';
import type { Actor } from '../../events/envelope.ts';
import { updatesFor } from '../case-kit/messages.ts';
import { flightCommandSchemas, type PlanFlight } from './commands.ts';
import type { FlightState } from './decider.ts';

export const flightUpdates = updatesFor(flightCommandSchemas);

export const flightStateQuery = defineQuery<FlightState>('state');

/** A manifested suspect case lost its clearance to travel; before departure the flight compensates. */
export interface CaseLostClearance {
  caseId: string;
  reason: string;
  occurredAt?: string;
  actor?: Actor;
}
export const caseLostClearanceSignal = defineSignal<[CaseLostClearance]>('caseLostClearance');

/** Told to every case on board at departure: the Korean warrant is executed in the cabin. */
export const boardedAndArrestedSignal =
  defineSignal<[{ flightId: string; occurredAt: string; actor: Actor; warrantNumber?: string }]>('boardedAndArrested');
/** Told to every case on board at landing. */
export const landedSignal = defineSignal<[{ flightId: string; occurredAt: string; actor: Actor }]>('landed');

export interface CharterFlightInput {
  plan: z.input<typeof PlanFlight>;
  /** Present after continue-as-new: the state and stream version the previous run ended with. */
  carried?: { state: FlightState; streamVersion: number };
}

export interface CharterFlightOutcome {
  caseId: string;
  status: FlightState['status'];
  onBoard: string[];
  streamVersion: number;
}
