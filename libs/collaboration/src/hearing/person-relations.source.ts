import { DataCategory } from '@tsunagu/consent';
import { IsNull, type EntityManager } from 'typeorm';
import {
  type EcomapContribution,
  type EcomapNodeKind,
  type EcomapSource,
  type EcomapViewer,
} from '../shared/ecomap-sources.js';
import { PersonRelationKind } from './dto/person-relation.model.js';
import { PersonRelationEntity } from './entities/person-relation.entity.js';

export const RELATION_KIND_LABELS: Record<PersonRelationKind, string> = {
  [PersonRelationKind.FAMILY]: '家族・親族',
  [PersonRelationKind.FRIEND]: '友人',
  [PersonRelationKind.NEIGHBOUR]: '近隣',
  [PersonRelationKind.COMMUNITY_ORGANISATION]: '地域組織・当事者団体',
  [PersonRelationKind.BUSINESS]: '商店・企業',
  [PersonRelationKind.INFORMAL_SUPPORTER]: 'インフォーマルな支援者',
  [PersonRelationKind.OTHER]: 'その他',
};

/** The person's recorded relations, for viewers who may see SUPPORT_NETWORK; nothing for the others. */
export class PersonRelationsSource implements EcomapSource {
  readonly name = 'person-relations';

  async contribute(manager: EntityManager, personId: string, viewer: EcomapViewer): Promise<EcomapContribution> {
    if (!viewer.categories.includes(DataCategory.SUPPORT_NETWORK)) return { nodes: [], edges: [] };
    const relations = await manager.find(PersonRelationEntity, {
      where: { personId, removedAt: IsNull() },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return {
      nodes: relations.map((relation) => ({
        key: `relation:${relation.id}`,
        kind: relation.kind satisfies EcomapNodeKind,
        label: relation.label,
        detail: RELATION_KIND_LABELS[relation.kind],
      })),
      edges: relations.map((relation) => ({
        from: 'person',
        to: `relation:${relation.id}`,
        strength: relation.strength,
        direction: relation.direction,
      })),
    };
  }
}
