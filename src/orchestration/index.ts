export * from './workflow';
export * from './workflow-trigger';
