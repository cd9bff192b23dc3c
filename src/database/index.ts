export * from './database-engine';
export * from './multi-az-database';
export * from './secure-table';
