export async function handler(event: Record<string, unknown>): Promise<string> {
  return `order ${String(event['id'])}`;
}
