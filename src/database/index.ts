export * from './database-engine';
export * from './multi-az-database';
