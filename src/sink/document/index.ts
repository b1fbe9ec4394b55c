export * from './allow-list.ts';
export * from './document-id.ts';
export * from './guard.ts';
export * from './guarded-action.ts';
export * from './mapping-types.ts';
export * from './mappings.ts';
export * from './to-document.ts';
export * from './types.ts';
