export { Profile } from './core/profile';
export * from './core/paved-road-options';
export * from './core/control-tower-acknowledgments';
export * from './core/nag-acknowledgments';
export * from './api';
export * from './iam';
export * from './database';
export * from './network';
export * from './storage';
