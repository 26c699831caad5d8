// Mercurius hook functions take different arguments per hook name; the merge does not look at them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type HookFunction = (...args: any[]) => unknown;
type HookSet = Record<string, HookFunction | HookFunction[] | undefined>;

/**
 * Several sets of Mercurius hooks (metrics, request guards …) as one `hooks` option: every function of every
 * set runs, in the order given, under its hook name.
 */
export function mergeGraphQLHooks(...sets: HookSet[]): Record<string, HookFunction[]> {
  const merged: Record<string, HookFunction[]> = {};
  for (const set of sets) {
    for (const [name, hook] of Object.entries(set)) {
      if (hook) (merged[name] ??= []).push(...(Array.isArray(hook) ? hook : [hook]));
    }
  }
  return merged;
}
