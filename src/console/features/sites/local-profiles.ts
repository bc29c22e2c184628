// The local cluster's site profiles, offered by the console server that `npm start` runs
// (GET /local/site-profiles, same origin only; docs/console.md). Any other server has
// none: it answers with an empty list.
export async function fetchLocalSiteProfiles(): Promise<unknown[]> {
  const response = await fetch('/local/site-profiles', { cache: 'no-store', credentials: 'same-origin', signal: AbortSignal.timeout(5000) });
  if (!response.ok) return [];
  const body: unknown = await response.json().catch(() => []);
  return Array.isArray(body) ? body : [];
}
