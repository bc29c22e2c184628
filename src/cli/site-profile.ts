// `--site`: which site a CLI command talks to — a site profile file, or a bare site name
// of the local cluster (<home>/sites/<name>.json). The reading is the client's
// (src/client/site.ts); this finds the file and puts a refusal into one sentence that
// names the flag, the file and the field.
import { existsSync } from 'node:fs';
import { siteFromProfileText, SiteProfileError, type Site } from '../client/site.ts';
import { SiteName } from '../protocol/site-profile.ts';
import { profileFile, resolveHome } from '../node/cluster/layout.ts';
import { CliError, EXIT_USAGE } from './errors.ts';
import { readText } from './io.ts';

/** Per request; a node that answers nothing within this is reported unreachable. */
export const CLI_REQUEST_TIMEOUT_MS = 15_000;

export interface ProfiledSite extends Site {
  /** Where the profile was read from. */
  file: string;
}

/** The site named by `--site` (home: $KEYFERRY_HOME, else ./.keyferry — the local cluster's layout). */
export function readSiteProfile(given: string, flag = '--site'): ProfiledSite {
  let file = given;
  if (!existsSync(given) && SiteName.safeParse(given).success && !/\.json$/i.test(given)) {
    file = profileFile(resolveHome(), given);
    if (!existsSync(file)) {
      throw new CliError(`${flag} ${given}: no such file, and no site profile ${file} (set KEYFERRY_HOME to the cluster's home, or give the profile's path)`, EXIT_USAGE);
    }
  }
  const text = readText(file, `${flag} profile`);
  try {
    return { ...siteFromProfileText(text), file };
  } catch (e) {
    if (!(e instanceof SiteProfileError)) throw e;
    if (e.notJson) throw new CliError(`${flag} ${file} is not JSON (${e.reason}); a site profile is {"site", "threshold", "nodes": [{"index", "url", "token"}]}`);
    throw new CliError(`${flag} ${file} is not a site profile: ${e.message}`);
  }
}
