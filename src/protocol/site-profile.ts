// A site profile: everything a client (CLI `--site`, the console's profile import) needs
// to reach one site — its name, threshold, and each node's URL and API token. The local
// cluster writes one per site under <home>/sites/<site>.json (docs/cluster.md). The file
// holds tokens, so it is created 0600 and must be handled like a password.
import { z } from 'zod';
import { KEY_ID_PATTERN } from '../crypto/names.ts';

/** A site name: the same rule as key IDs (1–64 of A–Z a–z 0–9 _ -). */
export const SiteName = z.string().regex(KEY_ID_PATTERN, 'a site name is 1–64 characters of A–Z, a–z, 0–9, "_" and "-"');

/** A node's base URL: scheme, host and port only (no path), like the node config's peer URLs. */
export const NodeUrl = z
  .string()
  .regex(/^https?:\/\/[^/\s?#]+\/?$/, 'a node URL is http(s)://host:port with no path')
  .transform((u) => u.replace(/\/$/, ''));

export const SiteProfileNode = z.object({
  index: z.number().int().min(1).max(255),
  url: NodeUrl,
  token: z.string().min(1, 'the API token is empty'),
});
export type SiteProfileNode = z.infer<typeof SiteProfileNode>;

export const SiteProfile = z
  .object({
    site: SiteName,
    threshold: z.number().int().min(1),
    nodes: z.array(SiteProfileNode).min(2, 'a site has at least 2 nodes'),
  })
  .superRefine((p, ctx) => {
    const n = p.nodes.length;
    if (p.threshold >= n) ctx.addIssue({ code: 'custom', path: ['threshold'], message: `must be less than the number of nodes (${n})` });
    const indices = p.nodes.map((x) => x.index).sort((a, b) => a - b);
    if (indices.some((x, i) => x !== i + 1)) {
      ctx.addIssue({ code: 'custom', path: ['nodes'], message: `node indices must be 1..${n}, each once; got ${indices.join(', ')}` });
    }
  });
export type SiteProfile = z.infer<typeof SiteProfile>;
