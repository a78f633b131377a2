// Search attribute keys the case workflows keep current, so supervisors can list and count
// cases in Temporal. They are registered with the dev server by stack/temporal.ts.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const CaseKindKey = defineSearchAttributeKey('CaseKind', SearchAttributeType.KEYWORD);
export const CaseStatusKey = defineSearchAttributeKey('CaseStatus', SearchAttributeType.KEYWORD);
export const LeadAgencyKey = defineSearchAttributeKey('LeadAgency', SearchAttributeType.KEYWORD);
export const OperationIdKey = defineSearchAttributeKey('OperationId', SearchAttributeType.KEYWORD);
export const FlightIdKey = defineSearchAttributeKey('FlightId', SearchAttributeType.KEYWORD);
export const NextDeadlineKey = defineSearchAttributeKey('NextDeadline', SearchAttributeType.DATETIME);
