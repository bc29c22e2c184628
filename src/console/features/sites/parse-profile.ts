// The console's words for a site profile read from text (a pasted or dropped profile, or
// the local cluster's): the reader is the client's (src/client/site.ts); this only says
// why a profile was refused, naming the field.
import { siteFromProfile, siteFromProfileText, SiteProfileError, type Site } from '../../../client/site.ts';

export type { Site };

export type ParseProfileResult = { ok: true; site: Site } | { ok: false; message: string };

export const parseProfileText = (text: string): ParseProfileResult => worded(() => siteFromProfileText(text));

export const parseProfile = (json: unknown): ParseProfileResult => worded(() => siteFromProfile(json));

function worded(read: () => Site): ParseProfileResult {
  try {
    return { ok: true, site: read() };
  } catch (e) {
    if (!(e instanceof SiteProfileError)) throw e;
    return { ok: false, message: refusal(e) };
  }
}

function refusal(e: SiteProfileError): string {
  if (e.notJson) return 'This is not JSON. A site profile is a JSON file like .keyferry/sites/main.json.';
  const field = e.path.length === 0 ? 'profile' : `"${e.path.map(String).join('.')}"`;
  return `Not a site profile: ${field}: ${e.reason}.`;
}
