export * from './result.js';
export * from './roles.js';
export * from './story.js';
export * from './records.js';
export * from './canonical-json.js';
export * from './envelope.js';
