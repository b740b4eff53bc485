/**
 * The dependency rules themselves (.dependency-cruiser.cjs): a tiny tree that breaks some of them,
 * cruised with the real configuration, must be reported exactly where it breaks them, through
 * relative paths, package.json `imports` aliases and type-only imports alike.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ICruiseResult } from 'dependency-cruiser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cruiseWithRules, GRAPH_END, GRAPH_START, replaceGraph } from '#scripts/architecture-graph.ts';

const FIXTURE: Record<string, string> = {
  'package.json': JSON.stringify({
    name: 'fixture',
    type: 'module',
    imports: { '#core/*': './functions/core/*', '#adapters/*': './functions/adapters/*' },
  }),
  'tsconfig.json': JSON.stringify({
    compilerOptions: {
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      allowImportingTsExtensions: true,
      noEmit: true,
      verbatimModuleSyntax: true,
    },
  }),
  'functions/adapters/s3/bucket.ts': "export const BUCKET = 'returns';\nexport type Bucket = string;\n",
  'functions/core/checks/relative.ts':
    "import { BUCKET } from '../../adapters/s3/bucket.ts';\nexport const a = BUCKET;\n",
  'functions/core/checks/aliased.ts':
    "import { BUCKET } from '#adapters/s3/bucket.ts';\nexport const b = BUCKET;\n",
  'functions/core/checks/pure.ts': "import { id } from '#core/hash.ts';\nexport const c = id('x');\n",
  'functions/core/hash.ts':
    "import { createHash } from 'node:crypto';\nimport { readFileSync } from 'node:fs';\n" +
    "export const id = (s: string) => createHash('sha256').update(s).digest('hex');\n" +
    "export const read = (p: string) => readFileSync(p, 'utf8');\n",
  'functions/core/model/a.ts': "import type { B } from './b.ts';\nexport interface A { b?: B }\n",
  'functions/core/model/b.ts': "import type { A } from './a.ts';\nexport interface B { a?: A }\n",
  'functions/app/use-case.ts':
    "import type { Bucket } from '#adapters/s3/bucket.ts';\nexport const name = (b: Bucket) => b;\n",
};

let dir: string;
let result: ICruiseResult;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'auditor-depcruise-'));
  for (const [path, text] of Object.entries(FIXTURE)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  result = (await cruiseWithRules(dir, ['functions'])).output as ICruiseResult;
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('dependency rules', () => {
  it('resolves the `#` aliases and `.ts` specifiers to the files they name', () => {
    const aliased = result.modules.find((m) => m.source === 'functions/core/checks/aliased.ts');
    expect(aliased?.dependencies.map((d) => [d.resolved, d.couldNotResolve])).toEqual([
      ['functions/adapters/s3/bucket.ts', false],
    ]);
  });

  it('reports each broken rule at the import that breaks it, and nothing else', () => {
    const found = result.summary.violations
      .map(
        (v) =>
          `${v.rule.name}: ${[v.from, ...(v.cycle ?? [{ name: v.to }]).map((c) => c.name)].join(' -> ')}`,
      )
      .sort();
    expect(found).toEqual([
      // type-only imports count (tsPreCompilationDeps), for layers and for cycles
      'app-no-outer-layers: functions/app/use-case.ts -> functions/adapters/s3/bucket.ts',
      'core-imports-only-core: functions/core/checks/aliased.ts -> functions/adapters/s3/bucket.ts',
      'core-imports-only-core: functions/core/checks/relative.ts -> functions/adapters/s3/bucket.ts',
      // node:crypto in the same file is allowed
      'core-no-node-builtins-but-crypto: functions/core/hash.ts -> fs',
      'no-circular: functions/core/model/a.ts -> functions/core/model/b.ts -> functions/core/model/a.ts',
    ]);
    expect(result.summary.error).toBe(5);
  });
});

describe('the generated graph block', () => {
  const doc = `# A\n\nbefore\n${GRAPH_START}\nold graph\n${GRAPH_END}\nafter\n`;

  it('replaces only the text between the markers, and again gives the same text', () => {
    const once = replaceGraph(doc, 'flowchart LR\na-->b');
    expect(once).toBe(
      `# A\n\nbefore\n${GRAPH_START}\n\`\`\`mermaid\nflowchart LR\na-->b\n\`\`\`\n${GRAPH_END}\nafter\n`,
    );
    expect(replaceGraph(once, 'flowchart LR\na-->b')).toBe(once);
  });

  it('refuses a document without the markers', () => {
    expect(() => replaceGraph('# A\n', 'flowchart LR')).toThrow(/markers/);
  });
});
