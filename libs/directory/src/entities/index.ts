import { AgencyResponseTargetEntity } from './agency-response-target.entity.js';
import { AgencyServiceAreaEntity } from './agency-service-area.entity.js';
import { AgencyEntity } from './agency.entity.js';
import { CollaborationPathwayEntity } from './collaboration-pathway.entity.js';
import { CommunityResourceEntity } from '../resources/community-resource.entity.js';

export { AgencyEntity, AgencyResponseTargetEntity, AgencyServiceAreaEntity, CollaborationPathwayEntity };
export const DIRECTORY_ENTITIES = [
  AgencyEntity,
  AgencyServiceAreaEntity,
  AgencyResponseTargetEntity,
  CollaborationPathwayEntity,
  CommunityResourceEntity,
];
