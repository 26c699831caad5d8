import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  AgenciesService,
  type AgencyEntity,
  CommunityResourcesService,
  type CommunityResourceEntity,
  isNeedCategory,
  lookupLocalGovernment,
  municipality,
  PathwaysService,
  Urgency,
  type CollaborationPathwayEntity,
  type Sector,
} from '@tsunagu/directory';
import { BadUserInputError } from '@tsunagu/platform';
import { Repository } from 'typeorm';
import { ReferralEntity } from '../entities/referral.entity.js';

export interface RoutingRequest {
  needCategories: string[];
  municipalityCode: string;
  urgency?: Urgency | null;
  sector?: Sector | null;
  /** The asking agency: never suggested to itself; its sector picks the chart's pathway. */
  fromAgencyId: string | null;
}

export interface Suggestion {
  agency: AgencyEntity;
  score: number;
  reasons: string[];
  matchedNeeds: string[];
  areaLevel: string;
  openBacklog: number;
  medianAcknowledgeHours: number | null;
  pathway: CollaborationPathwayEntity | null;
  /** ACTIVE community resources serving the place that meet at least one of `matchedNeeds`. */
  communityResources: CommunityResourceEntity[];
}

/** Nearest first: an area inside the place, the place itself, its city, its prefecture. */
const AREA_RANKS = ['NEIGHBOURHOOD', 'SCHOOL_DISTRICT', 'MUNICIPALITY', 'CITY', 'PREFECTURE'] as const;
const AREA_LABELS: Record<(typeof AREA_RANKS)[number], string> = {
  NEIGHBOURHOOD: 'a neighbourhood of',
  SCHOOL_DISTRICT: 'a school district of',
  MUNICIPALITY: 'all of',
  CITY: 'the whole city around',
  PREFECTURE: 'the prefecture of',
};
const OPEN_STATUSES = ['REQUESTED', 'RECEIVED', 'ACCEPTED', 'IN_PROGRESS', 'ON_HOLD'];

/** Weights of the score; emergencies favour fast acknowledgement over a near area. */
function weights(urgency: Urgency | null | undefined): { needs: number; area: number; backlog: number; speed: number } {
  return urgency === Urgency.EMERGENCY
    ? { needs: 0.45, area: 0.15, backlog: 0.1, speed: 0.3 }
    : { needs: 0.5, area: 0.3, backlog: 0.1, speed: 0.1 };
}

@Injectable()
export class RoutingService {
  constructor(
    @InjectRepository(ReferralEntity) private readonly referrals: Repository<ReferralEntity>,
    private readonly agencyService: AgenciesService,
    private readonly pathways: PathwaysService,
    private readonly communityResources: CommunityResourcesService,
  ) {}

  /**
   * Agencies that accept at least one of the needs and serve the place, paused ones excluded, ranked by
   * needs matched, nearness of their area, open backlog and recent median time to acknowledge — each
   * with the reasons in words, the chart's collaboration pathway from the caller's sector, and the
   * community resources of the place (read once for the whole answer) that meet the needs it matched.
   */
  async suggest(request: RoutingRequest, field = 'input'): Promise<Suggestion[]> {
    request.needCategories.forEach((code, index) => {
      if (!isNeedCategory(code)) {
        throw new BadUserInputError(`${field}.needCategories.${index}`, `Unknown need category ${code}`, {
          reason: 'UNKNOWN_NEED_CATEGORY',
        });
      }
    });
    const place = municipality(request.municipalityCode, `${field}.municipalityCode`);
    const needs = [...new Set(request.needCategories)];
    const rows: {
      id: string;
      rank: number;
      matched: string[];
      backlog: number;
      median_ack_hours: number | null;
    }[] = await this.referrals.manager.query(
      `WITH candidate AS (
         SELECT a.id,
                MIN(CASE
                      WHEN s.level IN ('NEIGHBOURHOOD', 'SCHOOL_DISTRICT') AND s.municipality_code = $2 THEN
                        CASE s.level WHEN 'NEIGHBOURHOOD' THEN 0 ELSE 1 END
                      WHEN s.level = 'MUNICIPALITY' AND s.municipality_code = $2 THEN 2
                      WHEN s.level = 'MUNICIPALITY' AND s.municipality_code = ANY($3::text[]) THEN 3
                      WHEN s.level = 'PREFECTURE' AND s.prefecture_code = $4 THEN 4
                    END) AS rank,
                ARRAY(SELECT unnest(a.need_categories) INTERSECT SELECT unnest($1::text[])) AS matched
           FROM agency a JOIN agency_service_area s ON s.agency_id = a.id
          WHERE a.accepting_referrals AND a.need_categories && $1::text[]
            AND ($5::uuid IS NULL OR a.id <> $5::uuid)
            AND ($6::text IS NULL OR a.sector = $6::text)
          GROUP BY a.id)
       SELECT c.id, c.rank, c.matched,
              (SELECT count(*)::int FROM referral r WHERE r.to_agency_id = c.id AND r.status = ANY($7::text[])) AS backlog,
              (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.acknowledged_at - r.sent_at) / 3600)
                 FROM referral r WHERE r.to_agency_id = c.id AND r.acknowledged_at IS NOT NULL
                  AND r.sent_at > now() - interval '90 days') AS median_ack_hours
         FROM candidate c WHERE c.rank IS NOT NULL`,
      [
        needs,
        place.code,
        [place.parentCode, ...place.wardCodes].filter(Boolean),
        place.prefectureCode,
        request.fromAgencyId,
        request.sector ?? null,
        OPEN_STATUSES,
      ],
    );
    if (rows.length === 0) return [];
    const agencies = new Map((await this.agencyService.findByIds(rows.map((row) => row.id))).map((a) => [a.id, a]));
    const from = request.fromAgencyId ? (await this.agencyService.findByIds([request.fromAgencyId]))[0] : undefined;
    const pathways = from ? await this.pathways.list(from.sector) : [];
    const weight = weights(request.urgency);
    const placeName = lookupLocalGovernment(place.code)?.fullName ?? place.code;
    const resources = await this.communityResources.activeServing(place.code, needs);

    return rows
      .map((row): Suggestion => {
        const agency = agencies.get(row.id) as AgencyEntity;
        const level = AREA_RANKS[row.rank];
        const median = row.median_ack_hours === null ? null : Number(row.median_ack_hours);
        const speed = median === null ? 0.5 : 1 / (1 + median / 24);
        const score =
          weight.needs * (row.matched.length / needs.length) +
          weight.area * (1 - row.rank / (AREA_RANKS.length - 1)) +
          weight.backlog * (1 / (1 + row.backlog / 10)) +
          weight.speed * speed;
        const pathway = pathways.find((candidate) => candidate.toSector === agency.sector) ?? null;
        const reasons = [
          `needs matched: ${row.matched.join(', ')} (${row.matched.length} of ${needs.length})`,
          `serves ${AREA_LABELS[level]} ${placeName}`,
          `open referrals: ${row.backlog}`,
          median === null
            ? 'no acknowledgements in the last 90 days to measure'
            : `median time to acknowledge (90 days): ${median.toFixed(1)} h`,
          ...(pathway
            ? [`collaboration pathway ${pathway.fromSector} → ${pathway.toSector}: ${pathway.purposeJa}`]
            : []),
        ];
        return {
          agency,
          score: Math.round(score * 1000) / 1000,
          reasons,
          matchedNeeds: row.matched,
          areaLevel: level,
          openBacklog: row.backlog,
          medianAcknowledgeHours: median === null ? null : Math.round(median * 10) / 10,
          pathway,
          communityResources: resources.filter((resource) =>
            resource.needCategories.some((need) => row.matched.includes(need)),
          ),
        };
      })
      .sort((a, b) => b.score - a.score || a.agency.code.localeCompare(b.agency.code));
  }

  /** The municipality to route for: the given one, else the person's. */
  static placeFor(given: string | null | undefined, personMunicipality: string | null): string {
    const code = given ?? personMunicipality;
    if (!code) {
      throw new BadUserInputError('input.municipalityCode', 'Routing by sector needs the place: give municipalityCode');
    }
    return code;
  }
}
