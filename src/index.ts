export * from './api';
export * from './database';
export * from './network';
export * from './storage';
