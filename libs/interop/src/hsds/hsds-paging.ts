import { BadUserInputError } from '@tsunagu/platform';
import type { HsdsPage } from './hsds-types.js';

export const HSDS_DEFAULT_PER_PAGE = 50;
export const HSDS_MAX_PER_PAGE = 500;

export interface HsdsPageRequest {
  page: number;
  perPage: number;
}

function positiveInteger(raw: string | undefined, field: string, fallback: number, max?: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) {
    throw new BadUserInputError(field, `${field} must be a positive integer`);
  }
  const value = Number(raw);
  if (max !== undefined && value > max) throw new BadUserInputError(field, `${field} must be at most ${max}`);
  return value;
}

/** `page` (from 1) and `per_page` (1–500, default 50) of a list request; anything else is BAD_USER_INPUT. */
export function parsePageRequest(query: { page?: string; per_page?: string }): HsdsPageRequest {
  return {
    page: positiveInteger(query.page, 'page', 1),
    perPage: positiveInteger(query.per_page, 'per_page', HSDS_DEFAULT_PER_PAGE, HSDS_MAX_PER_PAGE),
  };
}

/** One page of `items` in openapi.json's `Page` envelope. A page past the end is empty, not an error. */
export function toPage<T>(items: readonly T[], request: HsdsPageRequest): HsdsPage<T> {
  const totalPages = Math.ceil(items.length / request.perPage);
  const start = (request.page - 1) * request.perPage;
  const contents = items.slice(start, start + request.perPage);
  return {
    total_items: items.length,
    total_pages: totalPages,
    page_number: request.page,
    size: contents.length,
    first_page: request.page === 1,
    last_page: request.page >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}
