// Every workflow the worker runs: the entry point Temporal bundles for the workflow sandbox.
export { VictimCaseWorkflow } from './victim/workflow.ts';
