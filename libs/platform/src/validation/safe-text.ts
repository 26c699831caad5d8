/** Why a string cannot be stored as text: PostgreSQL refuses NUL, and a lone UTF-16 surrogate has no UTF-8 form. */
export type UnsafeTextReason = 'NUL_CHARACTER' | 'LONE_SURROGATE';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function unsafeTextReason(value: string): UnsafeTextReason | null {
  if (value.includes('\u0000')) return 'NUL_CHARACTER';
  if (LONE_SURROGATE.test(value)) return 'LONE_SURROGATE';
  return null;
}

export function hasUnsafeText(value: string): boolean {
  return unsafeTextReason(value) !== null;
}
