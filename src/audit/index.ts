export * from './audit-trail';
export * from './security-alarms';
