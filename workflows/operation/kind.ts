// The JointOperation kind as the registry lists it: a joint raid on a compound, and the cases it opens for the people found.
import { defineCaseKind } from '../case-kit/case-kind.ts';
import { operationAccess } from './access.ts';
import { operationCommandSchemas, PlanOperation } from './commands.ts';
import { OPERATION_TERMINAL, operationTransitions } from './decider.ts';
import { operationEvents } from './events.ts';
import { operationReadSide } from './read-side.ts';

export const operationKind = defineCaseKind({
  kind: 'operation',
  workflowType: 'JointOperationWorkflow',
  events: operationEvents,
  open: { name: 'planOperation', schema: PlanOperation, inputField: 'plan' },
  commands: operationCommandSchemas,
  lifecycle: { title: 'JointOperation', initial: 'NEW', terminal: OPERATION_TERMINAL, transitions: operationTransitions },
  access: operationAccess,
  readSide: operationReadSide,
});
