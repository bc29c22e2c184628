// Sets the tab title for the current page: "<page> · Keyferry".
import { useEffect } from 'react';

export function useDocumentTitle(page: string | undefined): void {
  useEffect(() => {
    document.title = page === undefined ? 'Keyferry' : `${page} · Keyferry`;
  }, [page]);
}
