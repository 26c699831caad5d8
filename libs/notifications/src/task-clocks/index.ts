export * from './task-clock.job.js';
export * from './task-clocks.service.js';
export * from './task-clock.handler.js';
export * from './task-clock-scheduler.channel.js';
export * from './task-clock.source.js';
