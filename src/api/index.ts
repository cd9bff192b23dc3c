export * from './api-authorization';
export * from './api-domain';
export * from './api-firewall';
export * from './secure-rest-api';
