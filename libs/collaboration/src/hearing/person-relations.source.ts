import { DataCategory } from '@tsunagu/consent';
import { CommunityResourceEntity, CommunityResourceKind } from '@tsunagu/directory';
import { In, IsNull, type EntityManager } from 'typeorm';
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

export const RESOURCE_KIND_LABELS: Record<CommunityResourceKind, string> = {
  [CommunityResourceKind.WATCH_NETWORK]: '見守り隊',
  [CommunityResourceKind.GATHERING_PLACE]: '居場所',
  [CommunityResourceKind.HOUSING_SUPPORT]: '居住サポート',
  [CommunityResourceKind.FOOD_SUPPORT]: '食の支援',
  [CommunityResourceKind.PEER_GROUP]: '当事者団体',
  [CommunityResourceKind.VOLUNTEER]: 'ボランティア',
  [CommunityResourceKind.WORK_PLACE]: '働く場',
  [CommunityResourceKind.LEARNING_SUPPORT]: '学習支援',
  [CommunityResourceKind.MONEY_MANAGEMENT]: '金銭管理',
  [CommunityResourceKind.OTHER]: '社会資源',
};

/**
 * The person's recorded relations, for viewers who may see SUPPORT_NETWORK; nothing for the others. A relation
 * naming a community resource of the directory is drawn as a COMMUNITY_RESOURCE node with the resource's name.
 */
export class PersonRelationsSource implements EcomapSource {
  readonly name = 'person-relations';

  async contribute(manager: EntityManager, personId: string, viewer: EcomapViewer): Promise<EcomapContribution> {
    if (!viewer.categories.includes(DataCategory.SUPPORT_NETWORK)) return { nodes: [], edges: [] };
    const relations = await manager.find(PersonRelationEntity, {
      where: { personId, removedAt: IsNull() },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    const resourceIds = [...new Set(relations.map((relation) => relation.communityResourceId).filter(isPresent))];
    const resources = new Map(
      resourceIds.length === 0
        ? []
        : (await manager.findBy(CommunityResourceEntity, { id: In(resourceIds) })).map((row) => [row.id, row]),
    );
    return {
      nodes: relations.map((relation) => {
        const resource = relation.communityResourceId ? resources.get(relation.communityResourceId) : undefined;
        return resource
          ? {
              key: `relation:${relation.id}`,
              kind: 'COMMUNITY_RESOURCE' satisfies EcomapNodeKind,
              label: resource.name,
              detail: RESOURCE_KIND_LABELS[resource.kind],
            }
          : {
              key: `relation:${relation.id}`,
              kind: relation.kind satisfies EcomapNodeKind,
              label: relation.label,
              detail: RELATION_KIND_LABELS[relation.kind],
            };
      }),
      edges: relations.map((relation) => ({
        from: 'person',
        to: `relation:${relation.id}`,
        strength: relation.strength,
        direction: relation.direction,
      })),
    };
  }
}

function isPresent<T>(value: T | null): value is T {
  return value !== null;
}
