// The CharterFlight's messages, declared once for the workflow and every client. The signals it
// exchanges with the suspect cases on its manifest are the SuspectCase's (workflows/suspect/messages.ts).
import { defineQuery } from '@temporalio/workflow';
import type { z } from 'zod';
import type { CarriedCase } from '../case-kit/case-runtime.ts';
import { updatesFor } from '../case-kit/messages.ts';
import { flightCommandSchemas, type PlanFlight } from './commands.ts';
import type { FlightState } from './decider.ts';

export const flightUpdates = updatesFor(flightCommandSchemas);

export const flightStateQuery = defineQuery<FlightState>('state');

export interface CharterFlightInput {
  plan: z.input<typeof PlanFlight>;
  /** Present after continue-as-new: the state and stream version the previous run ended with. */
  carried?: CarriedCase<FlightState>;
}

export interface CharterFlightOutcome {
  caseId: string;
  status: FlightState['status'];
  onBoard: string[];
  streamVersion: number;
}
