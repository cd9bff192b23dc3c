export * from './three-tier-vpc';
