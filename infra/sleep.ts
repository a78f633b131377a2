// Waiting, for the processes and scripts that poll or back off: one definition for every layer.
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
