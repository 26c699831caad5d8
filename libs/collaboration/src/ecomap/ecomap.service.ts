import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditAction, AuditService, DataCategory } from '@tsunagu/consent';
import { Clock, runTransaction, type AuthContext } from '@tsunagu/platform';
import { DataSource } from 'typeorm';
import { SupportNetworkAccess } from '../hearing/support-network-access.js';
import {
  EcomapSources,
  type EcomapEdgeFacts,
  type EcomapNodeFacts,
  type EcomapViewer,
} from '../shared/ecomap-sources.js';
import { buildEcomapSvg, PERSON_KEY, type PlacedNode } from './ecomap-svg.js';

export interface EcomapView {
  personId: string;
  nodes: PlacedNode[];
  edges: EcomapEdgeFacts[];
  svg: string;
  redacted: DataCategory[];
}

/**
 * The person's ecomap, from every registered EcomapSource, for a caller who may see the person at all (else
 * NOT_FOUND). Each source masks for the viewer itself (relations need SUPPORT_NETWORK; referrals only those the
 * caller takes part in); the person is named only with IDENTITY. Every read is audited.
 */
@Injectable()
export class EcomapService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: SupportNetworkAccess,
    private readonly sources: EcomapSources,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async ecomap(caller: AuthContext, personId: string): Promise<EcomapView> {
    const now = this.clock.now();
    return runTransaction(
      this.dataSource.manager,
      async (manager) => {
        const view = await this.access.view(caller, personId, now, manager);
        const viewer: EcomapViewer = { agencyId: caller.agencyId!, categories: view.categories };
        const named = view.categories.includes(DataCategory.IDENTITY);
        const person: EcomapNodeFacts = {
          key: PERSON_KEY,
          kind: 'PERSON',
          label: named ? `${view.person.familyName} ${view.person.givenName}` : '本人',
          detail: named ? '本人' : null,
        };
        const nodes: EcomapNodeFacts[] = [person];
        const edges: EcomapEdgeFacts[] = [];
        for (const source of this.sources.all()) {
          const contribution = await source.contribute(manager, personId, viewer, now);
          nodes.push(...contribution.nodes.filter((node) => node.key !== PERSON_KEY));
          edges.push(...contribution.edges);
        }
        const { layout, svg } = buildEcomapSvg({ nodes, edges });
        const shown = [DataCategory.IDENTITY, DataCategory.SUPPORT_NETWORK].filter((category) =>
          view.categories.includes(category),
        );
        await this.audit.record(
          [
            {
              action: AuditAction.PERSON_READ,
              personId,
              caller,
              categories: shown,
              basis: view.bases,
              operation: 'ecomap',
              at: now,
            },
          ],
          manager,
        );
        return {
          personId,
          nodes: layout.nodes,
          edges: layout.edges,
          svg,
          redacted: [DataCategory.IDENTITY, DataCategory.SUPPORT_NETWORK].filter(
            (category) => !view.categories.includes(category),
          ),
        };
      },
      { isolation: 'REPEATABLE READ' },
    );
  }
}
