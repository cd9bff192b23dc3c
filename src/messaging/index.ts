export * from './event-fanout';
export * from './fanout-subscriber';
