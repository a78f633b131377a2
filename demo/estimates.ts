// The estimate step: an investigators' estimate is a recorded fact on an operation (`recordEstimate`,
// event EstimateRecorded: measure, figure, as-of date, source agency, method) with a read model of
// its own (`GET /read/estimates`), never added into a count. A system without the command or the
// route answers 404: the demo then says so and goes on, so it runs before and after they exist.
import { ApiProblem, type TaskforceApi } from './api.ts';
import type { EstimatePlan } from './campaign.ts';

/** What the read model gives back of an estimate. */
export interface RecordedEstimate {
  measure: string;
  figure: number;
  asOf: string;
  sourceAgency: string;
  method: string;
}

/** The recordEstimate command's own fields for a planned estimate. */
export function estimateBody({ measure, figure, asOf, sourceAgency, method }: EstimatePlan) {
  return { measure, figure, asOf, sourceAgency, method };
}

/** null once recorded; a notice saying why not when this system has no estimate command (404). */
export async function recordEstimate(
  api: TaskforceApi,
  operationId: string,
  estimate: EstimatePlan,
  occurredAt: string,
): Promise<string | null> {
  try {
    await api.command(operationId, 'recordEstimate', { ...estimateBody(estimate), occurredAt });
    return null;
  } catch (error) {
    if (error instanceof ApiProblem && error.status === 404) return `not recorded: ${error.message} (no estimate command on this system)`;
    throw error;
  }
}

/** The recorded estimates, or a notice when this system has no estimates route (404). */
export async function readEstimates(api: TaskforceApi): Promise<RecordedEstimate[] | string> {
  try {
    const { estimates } = await api.call<{ estimates: RecordedEstimate[] }>('GET', '/read/estimates');
    return estimates;
  } catch (error) {
    if (error instanceof ApiProblem && error.status === 404) return `not read: ${error.message} (no estimates route on this system)`;
    throw error;
  }
}
