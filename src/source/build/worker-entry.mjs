// Runs the build worker from the TypeScript sources (the compiled build starts worker.js directly).
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
