import { useEffect, useRef } from 'react';
import { Link, useLocation } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { categoriesQuery } from '../../api/queries.js';
import { useApi, useAuth } from '../../api/services.js';
import { useI18n } from '../../i18n/i18n.js';
import { CloseIcon, MenuIcon } from '../../ui/icons.js';
import { useDropdown } from '../../ui/use-dropdown.js';

/**
 * The header's navigation below 900 px, where the header has no room for it: a button opening a
 * panel with the catalogue and its categories. Escape gives the focus back to the button; a link,
 * any other route change or a click outside closes it.
 */
export function MobileMenu() {
  const { t } = useI18n();
  const api = useApi();
  const auth = useAuth();
  const menu = useDropdown();
  const panelRef = useRef<HTMLElement>(null);
  // Fetched on first opening: a desktop visitor never needs it here.
  const categories = useQuery({ ...categoriesQuery(api), enabled: menu.open });
  const { pathname, search } = useLocation();
  const { close, open } = menu;

  useEffect(() => close(), [pathname, search, close]);
  useEffect(() => {
    if (open) panelRef.current?.querySelector('a')?.focus();
  }, [open]);

  const follow = () => close(true);
  return (
    <div className="mobile-menu" ref={menu.rootRef}>
      <button
        ref={menu.buttonRef}
        type="button"
        className="icon-btn"
        aria-label={t('nav.shopMenu')}
        aria-expanded={open}
        aria-controls="mobile-menu"
        onClick={menu.toggle}
        data-testid="menu-button"
      >
        {open ? <CloseIcon size={22} /> : <MenuIcon size={22} />}
      </button>
      <nav
        id="mobile-menu"
        ref={panelRef}
        className="mobile-menu__panel"
        aria-label={t('nav.main')}
        hidden={!open}
      >
        <ul className="menu container">
          <li>
            <Link to="/catalog" onClick={follow}>
              {t('nav.catalog')}
            </Link>
          </li>
          {auth.isSignedIn ? (
            <li>
              <Link to="/orders" onClick={follow}>
                {t('nav.orders')}
              </Link>
            </li>
          ) : null}
          <li className="menu__header mobile-menu__title">{t('nav.categories')}</li>
          {categories.data ? (
            categories.data.map((category) => (
              <li key={category.id}>
                <Link to={`/catalog?category=${category.id}`} onClick={follow}>
                  {category.name}
                </Link>
              </li>
            ))
          ) : categories.isPending ? (
            <li className="menu__note">{t('app.loading')}</li>
          ) : (
            <li className="menu__note">{t('nav.categoriesError')}</li>
          )}
        </ul>
      </nav>
    </div>
  );
}
