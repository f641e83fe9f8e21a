import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router';

const BRAND = 'Souk';

/**
 * The document's title for this page: "Catalogue · Souk". Without a title yet (the page's data is
 * still loading), the tab just says "Souk" rather than keeping the previous page's name.
 */
export function usePageTitle(title: string | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · ${BRAND}` : BRAND;
  }, [title]);
}

/**
 * After a client-side route change (a new path, not a filter in the query string, not the first
 * load), moves focus to the page's main heading (`main h1`, which has tabIndex={-1}) so that a
 * screen reader announces the new page and the keyboard starts from there. A page that shows its
 * heading only once its data arrives is waited for; focus the visitor has moved meanwhile is left
 * alone.
 */
export function useFocusHeadingOnNavigation(): void {
  const { pathname } = useLocation();
  const shownPath = useRef(pathname);

  useEffect(() => {
    if (shownPath.current === pathname) return;
    shownPath.current = pathname;
    const before = document.activeElement;
    const focusHeading = (): boolean => {
      const heading = document.querySelector<HTMLElement>('main h1');
      if (!heading) return false;
      const active = document.activeElement;
      if (active === before || active === document.body || active === null) heading.focus();
      return true;
    };
    if (focusHeading()) return;
    const observer = new MutationObserver(() => {
      if (focusHeading()) observer.disconnect();
    });
    observer.observe(document.body, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [pathname]);
}
