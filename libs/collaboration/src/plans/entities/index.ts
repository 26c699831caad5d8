import { SupportPlanEntity, SupportPlanVersionEntity } from './support-plan.entity.js';
import { SupportTaskEntity } from './support-task.entity.js';

export * from './support-plan.entity.js';
export * from './support-task.entity.js';

export const SUPPORT_PLAN_ENTITIES = [SupportPlanEntity, SupportPlanVersionEntity, SupportTaskEntity];
