export * from './entities/index.js';
export * from './dto/support-plan.model.js';
export * from './plan-diff.js';
export * from './task-timing.js';
export * from './support-plans.service.js';
export * from './support-plans.module.js';
export * from './support-tasks.ecomap-source.js';
