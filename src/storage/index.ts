export * from './bucket-lifecycle-options';
export * from './replica-bucket';
export * from './replicated-bucket';
