import { registerEnumType } from '@nestjs/graphql';
import { Sector, SECTORS } from '../data/sectors.js';

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
  valuesMap: Object.fromEntries(
    SECTORS.map((sector) => [sector.code, { description: `${sector.labelJa} / ${sector.labelEn}` }]),
  ),
});
registerEnumType(AreaLevel, {
  name: 'AreaLevel',
  description: 'Layered service areas (重層的な圏域): neighbourhood, school district, municipality, prefecture.',
});
registerEnumType(Urgency, {
  name: 'Urgency',
  valuesMap: {
    EMERGENCY: { description: '緊急 / Emergency' },
    HIGH: { description: '高 / High' },
    NORMAL: { description: '通常 / Normal' },
    LOW: { description: '低 / Low' },
  },
});
