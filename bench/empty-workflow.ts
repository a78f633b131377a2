// The baseline of the workflow benchmark: a workflow that does nothing, on the same server.
export async function emptyWorkflow(): Promise<void> {}
