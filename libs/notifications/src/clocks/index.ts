export * from './check-due.job.js';
export * from './check-due.handler.js';
export * from './clock-scheduler.channel.js';
export * from './clocks.processor.js';
export * from './referral-clocks.service.js';
export * from './referral-clock.source.js';
