import { municipality, overlappingMunicipalityCodes } from '@tsunagu/directory';
import { BadUserInputError } from '@tsunagu/platform';
import { type StatsFilter } from './dto/stats-filter.input.js';
import { type AreaFilter } from './queries/response-time.query.js';

export interface CheckedFilter {
  from: Date | null;
  to: Date | null;
  area: AreaFilter | null;
}

/** Input checks beyond the schema's: a period that is not empty or reversed, and a known municipality. */
export function checkFilter(filter: StatsFilter | null | undefined): CheckedFilter {
  const from = filter?.from ?? null;
  const to = filter?.to ?? null;
  if (from && to && from.getTime() > to.getTime()) {
    throw new BadUserInputError('filter.from', '`from` must not be after `to`', { reason: 'REVERSED_PERIOD' });
  }
  let area: AreaFilter | null = null;
  if (filter?.municipalityCode) {
    const government = municipality(filter.municipalityCode, 'filter.municipalityCode');
    area = { municipalityCodes: overlappingMunicipalityCodes(government), prefectureCode: government.prefectureCode };
  }
  return { from, to, area };
}
