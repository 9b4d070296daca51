export * from './errors.js';
export * from './transport.js';
export * from './http-transport.js';
export * from './fetch-transport.js';
export * from './jql.js';
export * from './schemas.js';
export * from './client.js';
export * from './map-story.js';
