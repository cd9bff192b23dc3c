export { Profile } from './core/profile';
export * from './core/paved-road-options';
export * from './api';
export * from './iam';
export * from './database';
export * from './network';
export * from './storage';
