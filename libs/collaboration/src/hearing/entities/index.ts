import { HearingSheetEntity, HearingSheetVersionEntity } from './hearing-sheet.entity.js';
import { PersonRelationEntity } from './person-relation.entity.js';

export * from './hearing-sheet.entity.js';
export * from './person-relation.entity.js';

export const HEARING_ENTITIES = [HearingSheetEntity, HearingSheetVersionEntity, PersonRelationEntity];
