import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useClient } from 'urql';
import { graphql } from './gql';
import { onSessionEnded, setCsrfToken } from './graphql/client';

export type StaffRole = 'CASEWORKER' | 'AGENCY_ADMIN' | 'HUB_COORDINATOR' | 'HUB_ADMIN';

/** The session as `GET /auth/session` and `POST /auth/sign-in` return it. */
export interface ConsoleSession {
  csrfToken: string;
  expiresAt: string;
  staff: {
    id: string;
    email: string;
    displayName: string;
    role: StaffRole;
    totpEnabled: boolean;
    agency: { id: string; name: string } | null;
  };
}

/** An error of the session endpoints, in the GraphQL error shape. */
export interface SessionError {
  code: string;
  reason?: string;
  retryAfter?: number;
  totpRequired?: boolean;
}

const SignOutEverywhere = graphql(`
  mutation ConsoleSignOutEverywhere {
    signOutEverywhere
  }
`);

async function call(method: 'GET' | 'POST', path: string, body?: unknown, csrf?: string) {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(csrf ? { 'x-csrf-token': csrf } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json().catch(() => ({}))) as {
    errors?: { extensions?: SessionError }[];
  } & Record<string, unknown>;
  const error = json.errors?.[0]?.extensions;
  return { ok: response.ok, json, error: error ?? (response.ok ? undefined : { code: `HTTP_${response.status}` }) };
}

interface SessionState {
  /** Undefined while the first look-up is in flight; null when nobody is signed in. */
  session: ConsoleSession | null | undefined;
  signIn: (input: { email: string; password: string; totpCode?: string }) => Promise<SessionError | null>;
  signOut: (everywhere?: boolean) => Promise<void>;
  /** The API answered UNAUTHENTICATED: the session ended elsewhere or timed out. */
  expired: () => void;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useClient();
  const [session, setSession] = useState<ConsoleSession | null | undefined>(undefined);

  const adopt = useCallback((next: ConsoleSession | null) => {
    setCsrfToken(next?.csrfToken ?? null);
    setSession(next);
  }, []);

  useEffect(() => {
    void call('GET', '/auth/session').then(({ ok, json }) => adopt(ok ? (json as unknown as ConsoleSession) : null));
  }, [adopt]);

  const expired = useCallback(() => adopt(null), [adopt]);
  useEffect(() => onSessionEnded(expired), [expired]);

  const signIn = useCallback(
    async (input: { email: string; password: string; totpCode?: string }) => {
      const { ok, json, error } = await call('POST', '/auth/sign-in', input);
      if (ok) {
        adopt(json as unknown as ConsoleSession);
        return null;
      }
      return error ?? { code: 'NETWORK' };
    },
    [adopt],
  );

  const signOut = useCallback(
    async (everywhere = false) => {
      if (everywhere) await client.mutation(SignOutEverywhere, {}).toPromise();
      else await call('POST', '/auth/sign-out', {}, session?.csrfToken);
      adopt(null);
    },
    [client, adopt, session],
  );

  const value = useMemo(() => ({ session, signIn, signOut, expired }), [session, signIn, signOut, expired]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}

/** The signed-in session; only for screens rendered behind the sign-in gate. */
export function useStaff(): ConsoleSession {
  const { session } = useSession();
  if (!session) throw new Error('useStaff outside the sign-in gate');
  return session;
}
