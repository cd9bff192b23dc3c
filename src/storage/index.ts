export * from './replica-bucket';
export * from './replicated-bucket';
