import { Injectable } from '@nestjs/common';
import { type DataCategory } from '@tsunagu/consent';
import { type EntityManager } from 'typeorm';

/** Who is in a person's ecomap (seed 1-13, 3-7). */
export type EcomapNodeKind =
  | 'PERSON'
  | 'FAMILY'
  | 'FRIEND'
  | 'NEIGHBOUR'
  | 'COMMUNITY_ORGANISATION'
  | 'BUSINESS'
  | 'INFORMAL_SUPPORTER'
  | 'AGENCY'
  | 'COMMUNITY_RESOURCE'
  | 'OTHER';

export type EcomapStrength = 'STRONG' | 'WEAK' | 'STRESSFUL';

/** Which way support or energy flows along a relation. */
export type EcomapDirection = 'TO_PERSON' | 'FROM_PERSON' | 'MUTUAL';

export interface EcomapNodeFacts {
  /** Stable within one ecomap, e.g. `agency:<id>`, `relation:<id>`, `resource:<id>`; the person is `person`. */
  key: string;
  kind: EcomapNodeKind;
  /** Japanese label as drawn in the picture. */
  label: string;
  /** A short second line, e.g. the referral's or task's status. */
  detail?: string | null;
}

export interface EcomapEdgeFacts {
  from: string;
  to: string;
  strength: EcomapStrength;
  direction: EcomapDirection;
  label?: string | null;
}

export interface EcomapContribution {
  nodes: EcomapNodeFacts[];
  edges: EcomapEdgeFacts[];
}

/** What the viewer may see of the person now (from DisclosureService), passed to every source. */
export interface EcomapViewer {
  agencyId: string;
  categories: readonly DataCategory[];
}

/**
 * One kind of relation drawn in a person's ecomap (referrals, the hearing sheet's relations, support tasks,
 * community resources). Each source applies its own visibility rules for the viewer and returns only what the
 * viewer may see; the ecomap is only built at all for a viewer who may see the person.
 */
export interface EcomapSource {
  readonly name: string;
  contribute(manager: EntityManager, personId: string, viewer: EcomapViewer, now: Date): Promise<EcomapContribution>;
}

/** The ecomap's sources: each module registers its own in `onModuleInit`. */
@Injectable()
export class EcomapSources {
  private readonly sources: EcomapSource[] = [];

  register(source: EcomapSource): void {
    if (this.sources.some((one) => one.name === source.name)) throw new Error(`Ecomap source ${source.name} twice`);
    this.sources.push(source);
  }

  all(): readonly EcomapSource[] {
    return this.sources;
  }
}
