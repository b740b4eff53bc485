/**
 * Entry of a benchmark worker thread. Worker threads do not inherit tsx's loader hooks, so this plain
 * ESM file registers tsx in the worker before importing the TypeScript worker.
 */
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
