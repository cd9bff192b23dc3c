export * from './permissions-boundary';
export * from './least-privilege-checks';
