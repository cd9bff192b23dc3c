export * from './secure-function';
export * from './scheduled-job';
