// At start-up, when this tab has no sites yet, add the local cluster's sites offered by
// the console server (npm start). Profiles that do not parse are skipped.
import { parseProfile } from './parse-profile.ts';
import { useSites } from './site-store.ts';

export async function connectLocalSites(load: () => Promise<unknown[]>): Promise<void> {
  if (useSites.getState().sites.length > 0) return;
  let profiles: unknown[];
  try {
    profiles = await load();
  } catch {
    return; // no local cluster: the operator imports a profile instead
  }
  if (useSites.getState().sites.length > 0) return;
  for (const p of profiles) {
    const result = parseProfile(p);
    if (result.ok) useSites.getState().addSite(result.site);
  }
}
