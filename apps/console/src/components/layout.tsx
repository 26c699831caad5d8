import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import { setLanguage, type Language } from '../i18n';
import { ACCOUNT_ROUTES } from '../screens/account-routes';
import { CORE_ROUTES } from '../screens/core-routes';
import { MORE_ROUTES } from '../screens/more-routes';
import { useStaff, useSession } from '../session';

/** The frame of every signed-in screen: skip link, navigation, language switch, who is signed in. */
export function Layout() {
  const { t, i18n } = useTranslation();
  const { staff } = useStaff();
  const { signOut } = useSession();
  const nav = [...CORE_ROUTES, ...MORE_ROUTES, ...ACCOUNT_ROUTES]
    .filter((route) => route.nav && (!route.roles || route.roles.includes(staff.role)))
    .sort((a, b) => a.nav!.order - b.nav!.order);
  return (
    <>
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header className="app-header">
        <span className="app-name">{t('appName')}</span>
        <nav aria-label={t('appName')}>
          <ul>
            {nav.map((route) => (
              <li key={route.path}>
                <NavLink to={route.path} end={route.path === '/'}>
                  {t(route.nav!.labelKey)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="account">
          <span>
            {t('signedInAs', { name: staff.displayName, agency: staff.agency?.name ?? t(`role.${staff.role}`) })}
          </span>
          <label>
            <span className="visually-hidden">{t('language')}</span>
            <select
              value={i18n.language}
              onChange={(event) => setLanguage(event.target.value as Language)}
              aria-label={t('language')}
            >
              <option value="ja">日本語</option>
              <option value="en">English</option>
            </select>
          </label>
          <button type="button" onClick={() => void signOut()}>
            {t('signOut')}
          </button>
          <button type="button" className="secondary" onClick={() => void signOut(true)}>
            {t('signOutEverywhere')}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
