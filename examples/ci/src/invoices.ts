// Breaks the contract: not async, and the event is typed loosely.
export function handler(event: unknown): string {
  return `invoice ${String(event)}`;
}
