import './admin.css';
import { useEffect, useRef, useState, type ComponentType } from 'react';
import { Link, NavLink, Outlet, ScrollRestoration, useLocation, useNavigate } from 'react-router';
import { useAuth } from '../api/services.js';
import { LOCALES } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import { NotificationBell } from '../live/notification-bell.js';
import { ThemeSwitch } from '../theme/theme-switch.js';
import { BellIcon, BoxIcon, Logo } from '../ui/icons.js';
import { useAdminI18n, type AdminKey } from './i18n/admin-i18n.js';
import {
  ArrowLeftIcon,
  GaugeIcon,
  LogoutIcon,
  MenuIcon,
  PulseIcon,
  ReceiptIcon,
  TagIcon,
  UsersIcon,
} from './ui/admin-icons.js';

const NAV: Array<{
  to: string;
  label: AdminKey;
  icon: ComponentType<{ size?: number }>;
  end?: boolean;
}> = [
  { to: '/admin', label: 'nav.overview', icon: GaugeIcon, end: true },
  { to: '/admin/orders', label: 'nav.orders', icon: ReceiptIcon },
  { to: '/admin/products', label: 'nav.products', icon: BoxIcon },
  { to: '/admin/categories', label: 'nav.categories', icon: TagIcon },
  { to: '/admin/clients', label: 'nav.clients', icon: UsersIcon },
  { to: '/admin/notifications', label: 'nav.notifications', icon: BellIcon },
  { to: '/admin/system', label: 'nav.system', icon: PulseIcon },
];

function LanguageSwitch() {
  const { locale, setLocale } = useAdminI18n();
  return (
    <div className="lang-switch" role="group" aria-label="Langue / Language">
      {LOCALES.map((option) => (
        <button
          key={option}
          type="button"
          className={`lang-switch__btn ${option === locale ? 'is-active' : ''}`}
          aria-pressed={option === locale}
          onClick={() => setLocale(option)}
          lang={option}
          title={option === 'fr' ? 'Français' : 'English'}
        >
          {option.toUpperCase()}
        </button>
      ))}
    </div>
  );
}

/**
 * The dashboard's frame: a top bar (menu button on phones, language, notifications, back to the
 * shop, sign out) and the section navigation, a sidebar on wide screens and a drawer on phones.
 */
export function AdminLayout() {
  const { t } = useAdminI18n();
  const shop = useI18n();
  const auth = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  const drawer = useRef<HTMLElement>(null);

  useEffect(() => setMenuOpen(false), [location.pathname]);
  useEffect(() => {
    if (!menuOpen) return;
    drawer.current?.querySelector<HTMLElement>('a')?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setMenuOpen(false);
      menuButton.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [menuOpen]);

  const logout = async () => {
    await auth.logout();
    void navigate('/');
  };
  const email = auth.state.user?.email ?? '';

  return (
    <div className={`adm-shell ${menuOpen ? 'is-menu-open' : ''}`}>
      <a className="skip-link" href="#admin-main">
        {shop.t('app.skipToContent')}
      </a>
      <header className="adm-topbar">
        <button
          ref={menuButton}
          type="button"
          className="icon-btn adm-topbar__menu"
          aria-expanded={menuOpen}
          aria-controls="admin-nav"
          aria-label={menuOpen ? t('shell.closeMenu') : t('shell.openMenu')}
          onClick={() => setMenuOpen((open) => !open)}
          data-testid="admin-menu-button"
        >
          <MenuIcon size={22} />
        </button>
        <Link to="/admin" className="adm-brand">
          <Logo size={30} />
          <span className="adm-brand__name">Souk</span>
          <span className="adm-brand__tag">{t('shell.title')}</span>
        </Link>
        <div className="adm-topbar__actions">
          <LanguageSwitch />
          <ThemeSwitch
            labels={{
              label: t('shell.theme'),
              system: t('shell.themeSystem'),
              light: t('shell.themeLight'),
              dark: t('shell.themeDark'),
            }}
          />
          <NotificationBell />
          <Link to="/" className="header-link adm-topbar__shop">
            <ArrowLeftIcon size={18} />
            <span className="header-link__text">{t('shell.backToShop')}</span>
          </Link>
          <span className="adm-topbar__user" title={t('shell.signedInAs', { email })}>
            {email}
          </span>
          <button
            type="button"
            className="icon-btn"
            onClick={() => void logout()}
            aria-label={t('shell.logout')}
            title={t('shell.logout')}
          >
            <LogoutIcon size={20} />
          </button>
        </div>
      </header>

      <nav ref={drawer} id="admin-nav" className="adm-nav" aria-label={t('shell.nav')}>
        <div className="adm-nav__drawer-header">
          <span className="adm-brand adm-brand--inverse">
            <Logo size={28} />
            <span className="adm-brand__name">Souk</span>
          </span>
          <button
            type="button"
            className="adm-nav__close"
            onClick={() => (setMenuOpen(false), menuButton.current?.focus())}
            aria-label={t('shell.closeMenu')}
          >
            ×
          </button>
        </div>
        <ul className="adm-nav__list">
          {NAV.map(({ to, label, icon: Icon, end }) => (
            <li key={to}>
              <NavLink to={to} end={end} className="adm-nav__link">
                <Icon size={20} />
                <span>{t(label)}</span>
              </NavLink>
            </li>
          ))}
        </ul>
        <div className="adm-nav__footer">
          <Link to="/" className="adm-nav__link">
            <ArrowLeftIcon size={20} />
            <span>{t('shell.backToShop')}</span>
          </Link>
          <p className="adm-nav__user">{t('shell.signedInAs', { email })}</p>
        </div>
      </nav>
      {menuOpen ? (
        <div className="adm-scrim" onClick={() => setMenuOpen(false)} aria-hidden="true" />
      ) : null}

      <main id="admin-main" className="adm-main" tabIndex={-1}>
        <Outlet />
      </main>
      <ScrollRestoration />
    </div>
  );
}
