// Every workflow the worker runs: the entry point Temporal bundles for the workflow sandbox.
export { CharterFlightWorkflow } from './flight/workflow.ts';
export { JointOperationWorkflow } from './operation/workflow.ts';
export { SuspectCaseWorkflow } from './suspect/workflow.ts';
export { VictimCaseWorkflow } from './victim/workflow.ts';
