import { useEffect, useState, type FormEvent } from 'react';
import { Link, NavLink, useLocation, useNavigate, useSearchParams } from 'react-router';
import { useAuth } from '../../api/services.js';
import { useCart } from '../../cart-store/cart-context.js';
import { LOCALES } from '../../i18n/format.js';
import { useI18n } from '../../i18n/i18n.js';
import { CartIcon, Logo, SearchIcon, UserIcon } from '../../ui/icons.js';
import { useDropdown } from '../../ui/use-dropdown.js';
import { NotificationBell } from '../../live/notification-bell.js';
import { MobileMenu } from './mobile-menu.js';
import { ThemeSwitch } from '../../theme/theme-switch.js';

function SearchForm() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const current = location.pathname === '/catalog' ? (params.get('q') ?? '') : '';
  const [q, setQ] = useState(current);
  useEffect(() => setQ(current), [current]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams(location.pathname === '/catalog' ? params : undefined);
    if (q.trim()) next.set('q', q.trim());
    else next.delete('q');
    next.delete('page');
    if (q.trim() && !next.has('sort')) next.delete('sort');
    void navigate(`/catalog${next.size ? `?${next}` : ''}`);
  };
  return (
    <form className="search" role="search" onSubmit={submit}>
      <label htmlFor="site-search" className="visually-hidden">
        {t('search.label')}
      </label>
      <input
        id="site-search"
        className="search__input"
        type="search"
        value={q}
        onChange={(event) => setQ(event.target.value)}
        placeholder={t('search.placeholder')}
        autoComplete="off"
      />
      <button type="submit" className="search__btn" aria-label={t('search.submit')}>
        <SearchIcon size={20} />
      </button>
    </form>
  );
}

function LanguageSwitch() {
  const { t, locale, setLocale } = useI18n();
  return (
    <div className="lang-switch" role="group" aria-label={t('lang.label')}>
      {LOCALES.map((option) => (
        <button
          key={option}
          type="button"
          className={`lang-switch__btn ${option === locale ? 'is-active' : ''}`}
          aria-pressed={option === locale}
          onClick={() => setLocale(option)}
          lang={option}
          title={t(`lang.${option}`)}
        >
          {option.toUpperCase()}
        </button>
      ))}
    </div>
  );
}

function AccountMenu() {
  const { t } = useI18n();
  const auth = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const dropdown = useDropdown();
  if (!auth.isSignedIn) {
    const next =
      location.pathname.startsWith('/login') || location.pathname.startsWith('/register')
        ? ''
        : `?next=${encodeURIComponent(location.pathname + location.search)}`;
    return (
      // Named for screen readers also on a phone, where the text is hidden and the icon alone shows.
      <Link to={`/login${next}`} className="header-link" aria-label={t('nav.login')}>
        <UserIcon size={22} />
        <span className="header-link__text">{t('nav.login')}</span>
      </Link>
    );
  }
  const email = auth.state.user?.email ?? '';
  const logout = async () => {
    dropdown.close();
    // No toast: the header shows the sign-in link again, and the home page takes the focus.
    await auth.logout();
    void navigate('/');
  };
  return (
    <div className="dropdown" ref={dropdown.rootRef}>
      <button
        ref={dropdown.buttonRef}
        type="button"
        className="icon-btn"
        aria-expanded={dropdown.open}
        aria-haspopup="true"
        aria-label={t('nav.menu')}
        onClick={dropdown.toggle}
        data-testid="account-menu"
      >
        <UserIcon size={22} />
      </button>
      {dropdown.open ? (
        <div className="dropdown__panel dropdown__panel--narrow">
          <ul className="menu">
            <li className="menu__header">{email}</li>
            <li>
              <Link to="/orders" onClick={() => dropdown.close()}>
                {t('nav.orders')}
              </Link>
            </li>
            <li>
              <Link to="/account" onClick={() => dropdown.close()}>
                {t('nav.account')}
              </Link>
            </li>
            {auth.isAdmin ? (
              <li>
                <Link to="/admin" onClick={() => dropdown.close()}>
                  {t('nav.admin')}
                </Link>
              </li>
            ) : null}
            <li>
              <button type="button" onClick={() => void logout()}>
                {t('nav.logout')}
              </button>
            </li>
          </ul>
        </div>
      ) : null}
    </div>
  );
}

export function Header() {
  const { t } = useI18n();
  const { count } = useCart();
  const auth = useAuth();
  return (
    <header className="site-header">
      <div className="container site-header__inner">
        <Link to="/" className="brand" aria-label={`${t('app.name')} — ${t('nav.home')}`}>
          <Logo />
          <span className="brand__name">{t('app.name')}</span>
        </Link>
        <MobileMenu />
        <nav className="main-nav" aria-label={t('nav.main')}>
          <NavLink to="/catalog">{t('nav.catalog')}</NavLink>
          {auth.isSignedIn ? <NavLink to="/orders">{t('nav.orders')}</NavLink> : null}
        </nav>
        <div className="site-header__search">
          <SearchForm />
        </div>
        <div className="site-header__actions">
          <LanguageSwitch />
          <ThemeSwitch
            labels={{
              label: t('theme.label'),
              system: t('theme.system'),
              light: t('theme.light'),
              dark: t('theme.dark'),
            }}
          />
          {auth.isSignedIn ? <NotificationBell /> : null}
          <Link
            to="/cart"
            className="icon-btn"
            aria-label={t('nav.cartCount', { count })}
            data-testid="cart-link"
          >
            <CartIcon size={22} />
            <span
              className="count-badge"
              aria-hidden="true"
              hidden={count === 0}
              data-testid="cart-count"
            >
              {count}
            </span>
          </Link>
          <span className="visually-hidden" aria-live="polite">
            {t('nav.cartCount', { count })}
          </span>
          <AccountMenu />
        </div>
      </div>
    </header>
  );
}
