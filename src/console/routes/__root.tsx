// The app shell: skip link, header with product name and main navigation, main area.
import { createRootRouteWithContext, Link, Outlet } from '@tanstack/react-router';
import type { RouterContext } from '../services.ts';
import { useDocumentTitle } from '../shared/use-document-title.ts';

export const Route = createRootRouteWithContext<RouterContext>()({
  component: ConsoleShell,
  notFoundComponent: NotFoundPage,
});

function ConsoleShell() {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="shell-header">
        <div className="shell-header-inner">
          <Link to="/" className="brand">
            <img src="/favicon.svg" alt="" width={24} height={24} />
            <span>Keyferry</span>
          </Link>
          <nav aria-label="Main">
            <ul className="nav-list">
              <li>
                <Link to="/" className="nav-link" activeOptions={{ exact: true }}>
                  Sites
                </Link>
              </li>
              <li>
                <Link to="/sessions" className="nav-link">
                  Sessions
                </Link>
              </li>
              <li>
                <Link to="/pairing" className="nav-link">
                  Pairing
                </Link>
              </li>
              <li>
                <Link to="/inspect" className="nav-link">
                  Inspect a key
                </Link>
              </li>
              <li>
                <Link to="/byok" className="nav-link">
                  Send to a KMS
                </Link>
              </li>
              <li>
                <Link to="/wrapping-keys" className="nav-link">
                  Wrapping keys
                </Link>
              </li>
            </ul>
          </nav>
        </div>
      </header>
      <main id="main" className="shell-main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}

function NotFoundPage() {
  useDocumentTitle('Page not found');
  return (
    <section aria-labelledby="not-found-heading" className="page">
      <h1 id="not-found-heading">Page not found</h1>
      <p>
        There is no console page at this address. <Link to="/">Go to the start page</Link>.
      </p>
    </section>
  );
}
