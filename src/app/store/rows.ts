/** Small helpers shared by the repositories. */
export const nowIso = (): string => new Date().toISOString();

export function parseJsonColumn<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  return JSON.parse(text) as T;
}
