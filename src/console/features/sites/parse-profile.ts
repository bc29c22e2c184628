// Reads a site profile (the `.keyferry/sites/<site>.json` format, SiteProfile in
// src/protocol/site-profile.ts) from text, with errors in words that name the field.
import { SiteProfile } from '../../../protocol/site-profile.ts';

export interface Site {
  name: string;
  threshold: number;
  nodes: Array<{ index: number; url: string; token: string }>;
}

export type ParseProfileResult = { ok: true; site: Site } | { ok: false; message: string };

export function parseProfileText(text: string): ParseProfileResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, message: 'This is not JSON. A site profile is a JSON file like .keyferry/sites/main.json.' };
  }
  return parseProfile(json);
}

export function parseProfile(json: unknown): ParseProfileResult {
  const parsed = SiteProfile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue === undefined || issue.path.length === 0 ? 'profile' : `"${issue.path.map(String).join('.')}"`;
    return { ok: false, message: `Not a site profile: ${field}: ${issue?.message ?? 'invalid'}.` };
  }
  const p = parsed.data;
  return { ok: true, site: { name: p.site, threshold: p.threshold, nodes: [...p.nodes].sort((a, b) => a.index - b.index) } };
}
