// Start page: what the console is for and the tools it has.
import { createFileRoute, Link } from '@tanstack/react-router';
import { useDocumentTitle } from '../shared/use-document-title.ts';

export const Route = createFileRoute('/')({
  component: HomePage,
});

function HomePage() {
  useDocumentTitle(undefined);
  return (
    <section aria-labelledby="home-heading" className="page">
      <h1 id="home-heading">Keyferry console</h1>
      <p className="lede">
        Move private keys between MPC key-management sites, cloud KMSs and external wallets. Private keys and
        shares never leave this browser unwrapped.
      </p>
      <h2>Tools</h2>
      <ul className="tool-list">
        <li>
          <Link to="/inspect" className="tool-link">
            Inspect a key
          </Link>
          <p>Paste or drop a private or public key to see its type, curve and fingerprint.</p>
        </li>
      </ul>
    </section>
  );
}
