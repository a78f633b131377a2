// Every workflow the worker runs: the entry point Temporal bundles for the workflow sandbox.
export { JointOperationWorkflow } from './operation/workflow.ts';
export { VictimCaseWorkflow } from './victim/workflow.ts';
