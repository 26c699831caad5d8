import { registerEnumType } from '@nestjs/graphql';
import { Sector } from '../data/sectors.js';

export { Sector };

export enum AreaLevel {
  NEIGHBOURHOOD = 'NEIGHBOURHOOD',
  SCHOOL_DISTRICT = 'SCHOOL_DISTRICT',
  MUNICIPALITY = 'MUNICIPALITY',
  PREFECTURE = 'PREFECTURE',
}

export enum Urgency {
  EMERGENCY = 'EMERGENCY',
  HIGH = 'HIGH',
  NORMAL = 'NORMAL',
  LOW = 'LOW',
}

registerEnumType(Sector, {
  name: 'Sector',
  description: 'The systems of the cross-system collaboration chart (生活困窮者自立支援制度における他制度との連携).',
});
registerEnumType(AreaLevel, {
  name: 'AreaLevel',
  description: 'Layered service areas (重層的な圏域): neighbourhood, school district, municipality, prefecture.',
});
registerEnumType(Urgency, { name: 'Urgency' });
