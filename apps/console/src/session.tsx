import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { gql, useClient } from 'urql';
import { setCsrfToken } from './graphql/client';

export type StaffRole = 'CASEWORKER' | 'AGENCY_ADMIN' | 'HUB_COORDINATOR' | 'HUB_ADMIN';

export interface ConsoleSession {
  csrfToken: string;
  expiresAt: string;
  staff: {
    id: string;
    email: string;
    displayName: string;
    role: StaffRole;
    agency: { id: string; name: string } | null;
  };
}

const SESSION_FIELDS = `csrfToken expiresAt staff { id email displayName role agency { id name } }`;
export const ME = gql`query ConsoleMe { me { ${SESSION_FIELDS} } }`;
export const SIGN_IN = gql`mutation ConsoleSignIn($input: SignInInput!) { signIn(input: $input) { ${SESSION_FIELDS} } }`;
export const SIGN_OUT = gql`
  mutation ConsoleSignOut {
    signOut
  }
`;
export const SIGN_OUT_EVERYWHERE = gql`
  mutation ConsoleSignOutEverywhere {
    signOutEverywhere
  }
`;

interface SessionState {
  /** Undefined while the first `me` is in flight; null when nobody is signed in. */
  session: ConsoleSession | null | undefined;
  signedIn: (session: ConsoleSession) => void;
  signOut: (everywhere?: boolean) => Promise<void>;
  /** Called when the API answers UNAUTHENTICATED: the session ended elsewhere or timed out. */
  expired: () => void;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useClient();
  const [session, setSession] = useState<ConsoleSession | null | undefined>(undefined);

  useEffect(() => {
    void client
      .query<{ me: ConsoleSession | null }>(ME, {}, { requestPolicy: 'network-only' })
      .toPromise()
      .then((result) => {
        const me = result.data?.me ?? null;
        setCsrfToken(me?.csrfToken ?? null);
        setSession(me);
      });
  }, [client]);

  const signedIn = useCallback((next: ConsoleSession) => {
    setCsrfToken(next.csrfToken);
    setSession(next);
  }, []);

  const expired = useCallback(() => {
    setCsrfToken(null);
    setSession(null);
  }, []);

  const signOut = useCallback(
    async (everywhere = false) => {
      await client.mutation(everywhere ? SIGN_OUT_EVERYWHERE : SIGN_OUT, {}).toPromise();
      expired();
    },
    [client, expired],
  );

  const value = useMemo(() => ({ session, signedIn, signOut, expired }), [session, signedIn, signOut, expired]);
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
