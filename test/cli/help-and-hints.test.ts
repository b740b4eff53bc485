import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { glueName } from '../../lib/auditor-stack.ts';
import { auditor, queryJson, REPO, removeTempDirs, tempDir } from './run-cli.ts';

afterAll(removeTempDirs);

const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
  version: string;
  scripts: Record<string, string>;
};

/** Three example forces: one finding of each severity (high, medium, low, info) in about two seconds. */
const SMALL = ['cumbria', 'gwent', 'lancashire'].map((f) => join(REPO, `examples/returns/${f}.csv`));

describe('auditor --version', () => {
  it('prints the version of package.json and exits 0', () => {
    const r = auditor('--version');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });
});

describe('help texts', () => {
  it('names, in the Athena example, the Glue database and workgroup the stack creates', () => {
    const stackName = /new AuditorStack\(app, '([^']+)'/.exec(
      readFileSync(join(REPO, 'bin/app.ts'), 'utf8'),
    )?.[1];
    expect(stackName).toBeDefined();
    const help = auditor('query', '--help').stdout;
    expect(help).toContain(`--database ${glueName(stackName!)}`);
    expect(help).toContain(`--workgroup ${stackName}-auditors`);
  });

  it('says "created if absent" for --out only where the command creates it', () => {
    expect(auditor('audit', '--help').stdout).toContain('created if absent');
    for (const command of ['query', 'report', 'findings', 'respond', 'annotate']) {
      const help = auditor(command, '--help').stdout;
      expect(help, command).not.toContain('created if absent');
      expect(help, command).toContain('refuses one that does not exist');
    }
    const missing = join(tempDir('absent'), 'not-there');
    const r = auditor('report', '--out', missing);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`no audit directory at ${missing}`);
    expect(existsSync(missing)).toBe(false);
  });
});

describe('what the docs and the demo tell a newcomer', () => {
  const out = tempDir('hints');
  let audit: ReturnType<typeof auditor>;
  beforeAll(() => {
    audit = auditor('audit', ...SMALL, '--out', out, '--report');
  });

  it('audit --report writes the report and does not then suggest writing it', () => {
    expect(audit.code).toBe(0);
    expect(audit.stdout).not.toContain('npx auditor report');
    expect(audit.stdout).toContain(`Report: ${join(out, 'report.html')}`);
    expect(existsSync(join(out, 'report.html'))).toBe(true);
  });

  it('npm run demo is one audit --report, so its output never says to run the report it wrote', () => {
    expect(pkg.scripts.demo).toMatch(/^node bin\/auditor\.mjs audit \S+ --out \S+ --report$/);
  });

  it('every "npm run" the READMEs name is a script of package.json', () => {
    for (const file of ['README.md', 'examples/README.md']) {
      const named = [...readFileSync(join(REPO, file), 'utf8').matchAll(/npm run ([\w:-]+)/g)].map(
        (m) => m[1]!,
      );
      for (const script of named) expect(pkg.scripts, `${file}: npm run ${script}`).toHaveProperty(script);
    }
  });

  it("the README's showcase query lists findings high, medium, low, info", () => {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    const sql = /npx auditor query --out \.audit\/real "([^"]+)"/.exec(readme)?.[1];
    expect(sql).toBeDefined();
    const rows = queryJson<{ force_code: string; check_id: string }>(out, sql!);
    const severity = new Map(
      queryJson<{ check_id: string; severity: string }>(out, 'SELECT check_id, severity FROM findings').map(
        (f) => [f.check_id, f.severity],
      ),
    );
    const order = rows.map((r) => severity.get(r.check_id));
    expect(order).toEqual(['high', 'medium', 'low', 'info']);
  });

  it('an unknown table is answered with the auditor tables, not DuckDB system tables', () => {
    for (const table of ['tablez', 'crimes']) {
      const r = auditor('query', '--out', out, `SELECT * FROM ${table}`);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`no table ${table}; the tables are findings, returns, runs,`);
      expect(r.stderr).not.toMatch(/duckdb_|pg_/);
    }
    const near = auditor('query', '--out', out, 'SELECT * FROM finding');
    expect(near.stderr).toContain('no table finding (did you mean findings?)');
  });
});
