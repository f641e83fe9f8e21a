export * from './common.js';
export * from './events.js';
export * from './auth.js';
export * from './product.js';
