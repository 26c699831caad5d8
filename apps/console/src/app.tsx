import { Navigate, Route, Routes, useLocation } from 'react-router';
import { Layout } from './components/layout';
import { ACCOUNT_ROUTES, PUBLIC_ACCOUNT_ROUTES } from './screens/account-routes';
import { CORE_ROUTES } from './screens/core-routes';
import { MORE_ROUTES } from './screens/more-routes';
import { NotFound } from './screens/not-found';
import { SignIn } from './screens/sign-in';
import { useSession } from './session';

export function App() {
  const { session } = useSession();
  const location = useLocation();
  if (session === undefined) return <p className="loading">読み込み中… / Loading…</p>;
  if (!session) {
    return (
      <Routes>
        <Route path="/sign-in" element={<SignIn />} />
        {PUBLIC_ACCOUNT_ROUTES.map((route) => (
          <Route key={route.path} path={route.path} element={route.element} />
        ))}
        <Route
          path="*"
          element={<Navigate to="/sign-in" replace state={{ from: location.pathname + location.search }} />}
        />
      </Routes>
    );
  }
  return (
    <Routes>
      <Route path="/sign-in" element={<Navigate to="/" replace />} />
      {PUBLIC_ACCOUNT_ROUTES.map((route) => (
        <Route key={route.path} path={route.path} element={route.element} />
      ))}
      <Route element={<Layout />}>
        {[...CORE_ROUTES, ...MORE_ROUTES, ...ACCOUNT_ROUTES].map((route) => (
          <Route key={route.path} path={route.path} element={route.element} />
        ))}
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
