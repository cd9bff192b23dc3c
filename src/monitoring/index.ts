export * from './alarm-topic';
export * from './monitored';
export * from './operations-dashboard';
