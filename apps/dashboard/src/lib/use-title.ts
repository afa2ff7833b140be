import { useEffect } from 'react';

/** The page title names the view (WCAG 2.4.2): what a screen reader announces and a tab shows. */
export function useTitle(view: string): void {
  useEffect(() => {
    document.title = `${view} · Orgo`;
  }, [view]);
}
