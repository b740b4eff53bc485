// The no-crime tests still import their row builder from here; the builders live in test/support/rows.ts.
export { obj, specRow as row } from '../../support/rows.ts';
