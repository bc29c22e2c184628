// The designed state for a page about a site (or node) this console is not connected to —
// e.g. a bookmarked link in a new tab, where the tokens are not known yet.
import { Link } from '@tanstack/react-router';
import { useDocumentTitle } from '../../shared/use-document-title.ts';

export function SiteNotConnected({ site, node }: { site: string; node?: number }) {
  useDocumentTitle(`Site ${site} not connected`);
  return (
    <section aria-labelledby="not-connected-heading" className="page">
      <h1 id="not-connected-heading">{node === undefined ? `Site “${site}” is not connected` : `Node ${node} of site “${site}” is not connected`}</h1>
      <p className="callout">
        This console holds no profile for {node === undefined ? 'this site' : 'this node'} in this tab. Tokens are kept per tab and forgotten
        on Disconnect. <Link to="/">Go to Sites</Link> and import the site’s profile, then come back.
      </p>
    </section>
  );
}
