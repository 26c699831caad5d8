import { StrictMode, useMemo } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { Provider } from 'urql';
import { App } from './app';
import { createConsoleClient } from './graphql/client';
import { initI18n } from './i18n';
import { SessionProvider } from './session';
import './messages';
import './styles.css';

initI18n();

function Root() {
  const client = useMemo(() => createConsoleClient(), []);
  return (
    <Provider value={client}>
      <SessionProvider>
        <BrowserRouter basename="/console">
          <App />
        </BrowserRouter>
      </SessionProvider>
    </Provider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
