export * from './database';
export * from './network';
export * from './storage';
