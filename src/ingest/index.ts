export * from './ingest-destination';
export * from './ingest-pipeline';
export * from './ingest-source';
