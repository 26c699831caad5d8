import { useCallback, useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CombinedError } from 'urql';
import { errorCode } from '../graphql/client';
import { useSession } from '../session';

/** The code to show for a failed operation: the API's `extensions.code`, or NETWORK when none came back. */
export function shownCode(error: CombinedError | undefined): string | undefined {
  if (!error) return undefined;
  return errorCode(error) ?? (error.networkError ? 'NETWORK' : 'UNKNOWN');
}

/** The `extensions` of the first GraphQL error (e.g. `missing` of CONSENT_REQUIRED, `allowed` of INVALID_TRANSITION). */
export function errorExtensions(error: CombinedError | undefined): Record<string, unknown> {
  return error?.graphQLErrors[0]?.extensions ?? {};
}

/** Ends the console session when a query answers UNAUTHENTICATED (timed out, or signed out elsewhere). */
export function useExpireOnUnauthenticated(...errors: (CombinedError | undefined)[]): void {
  const { expired } = useSession();
  const unauthenticated = errors.some((error) => errorCode(error) === 'UNAUTHENTICATED');
  useEffect(() => {
    if (unauthenticated) expired();
  }, [unauthenticated, expired]);
}

/** For mutation results: returns the error's code, ending the session first when it is UNAUTHENTICATED. */
export function useErrorCheck(): (error: CombinedError | undefined) => string | undefined {
  const { expired } = useSession();
  return useCallback(
    (error: CombinedError | undefined) => {
      const code = shownCode(error);
      if (code === 'UNAUTHENTICATED') expired();
      return code;
    },
    [expired],
  );
}

/**
 * A visible error (role="alert") naming the API's error code. `children` replaces the generic sentence with
 * words for the situation; the code is always shown so that it can be quoted when asking for help.
 */
export function OperationError({ error, children }: { error: CombinedError | undefined; children?: ReactNode }) {
  const { t } = useTranslation();
  const code = shownCode(error);
  if (!code) return null;
  return (
    <div role="alert" className="error operation-error">
      {children ?? <p>{t('error.generic', { code })}</p>}
      {children && (
        <p className="error-code">
          <span lang="en">code: {code}</span>
        </p>
      )}
    </div>
  );
}
