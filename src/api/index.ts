export * from './api-authorization';
export * from './api-client-certificate';
export * from './api-domain';
export * from './api-firewall';
export * from './api-gateway-account-logging';
export * from './secure-rest-api';
