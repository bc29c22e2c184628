// /sites/$site: no page of its own (a site's pages are its keys, import and whitelists), so
// the address answers "not found", as it did before the site layout route existed.
import { createFileRoute, notFound } from '@tanstack/react-router';

export const Route = createFileRoute('/sites/$site/')({
  beforeLoad: () => {
    throw notFound();
  },
});
