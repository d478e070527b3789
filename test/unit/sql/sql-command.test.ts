import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yargs from 'yargs';
import { isPilotError } from '../../../src/errors/index.js';
import { sqlCommand } from '../../../src/cli/commands/sql/command-object.js';
import { runSqlGraph } from '../../../src/cli/commands/sql/run-sql-graph.js';
import { runSqlTally } from '../../../src/cli/commands/sql/run-sql-tally.js';

describe('sql/cli (pilot sql graph | tally)', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'pilot-sql-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const capture = () => {
    const chunks: string[] = [];
    return { out: (text: string) => void chunks.push(text), text: () => chunks.join('') };
  };

  it('prints the graph as JSON and exits 0', async () => {
    const c = capture();
    const code = await runSqlGraph({ sql: 'SELECT count(*) FROM b, u WHERE b.uid = u.id AND u.v > 1' }, c.out);
    assert.equal(code, 0);
    const graph = JSON.parse(c.text());
    assert.deepEqual(graph.relations, [
      { alias: 'b', table: 'b' },
      { alias: 'u', table: 'u' },
    ]);
  });

  it('lists sub-plans with their COUNT(*) SQL on request', async () => {
    const c = capture();
    await runSqlGraph({ sql: 'SELECT count(*) FROM b, u WHERE b.uid = u.id', subplans: true }, c.out);
    const { subplans } = JSON.parse(c.text());
    assert.deepEqual(
      subplans.map((s: { key: string }) => s.key),
      ['b', 'u', 'b u'],
    );
    assert.equal(subplans[2].countSql, 'SELECT COUNT(*) FROM b AS b, u AS u WHERE b.uid = u.id');
  });

  it('prints refusals with line and column and exits 1', async () => {
    const c = capture();
    const code = await runSqlGraph({ sql: 'SELECT 1 FROM a,\n b WHERE a.x < b.y' }, c.out);
    assert.equal(code, 1);
    assert.match(c.text(), /refused \(1 reason\):\n {2}non_equi_join at line 2, column 14: /);
    const j = capture();
    await runSqlGraph({ sql: 'SELECT 1 FROM a, b WHERE a.x < b.y', json: true }, j.out);
    assert.equal(JSON.parse(j.text()).refusals[0].code, 'non_equi_join');
  });

  it('reads the query from --file, and reports an unreadable one with a code', async () => {
    const file = join(dir, 'query.sql');
    writeFileSync(file, 'SELECT count(*) FROM t\n');
    const c = capture();
    assert.equal(await runSqlGraph({ file }, c.out), 0);
    assert.equal(JSON.parse(c.text()).sql, 'SELECT count(*) FROM t\n');
    await assert.rejects(runSqlGraph({ file: join(dir, 'missing.sql') }, () => {}), (e: unknown) => isPilotError(e) && e.code === 'SQL_FILE_UNREADABLE');
  });

  it('lets a syntax error propagate as SQL_PARSE_ERROR for the CLI to report', async () => {
    await assert.rejects(runSqlGraph({ sql: 'SELECT FROM WHERE' }, () => {}), (e: unknown) => isPilotError(e) && e.code === 'SQL_PARSE_ERROR');
  });

  it('tallies files into a table with a column per file', async () => {
    const first = join(dir, 'first.sql');
    const second = join(dir, 'second.txt');
    writeFileSync(first, 'SELECT count(*) FROM a, b WHERE a.x = b.y;\n\nSELECT count(*) FROM a, b;\n');
    writeFileSync(second, 'SELECT count(*) FROM a WHERE a.x IN (SELECT 1)\nSELECT nonsense FROM\n');
    const c = capture();
    assert.equal(await runSqlTally({ files: [first, second] }, c.out), 0);
    const lines = c.text().split('\n');
    assert.match(lines[0] ?? '', /^\s+first\s+second\s+total$/);
    assert.match(c.text(), /^queries\s+2\s+2\s+4$/m);
    assert.match(c.text(), /^understood\s+1\s+0\s+1$/m);
    assert.match(c.text(), /^refused\s+1\s+2\s+3$/m);
    assert.match(c.text(), /^ {2}cross_product\s+1\s+0\s+1$/m);
    assert.match(c.text(), /^ {2}syntax_error\s+0\s+1\s+1$/m);
    assert.match(c.text(), /^ {2}subquery: /m);
  });

  it('tallies as JSON and reports unreadable files with a code', async () => {
    const file = join(dir, 'one.sql');
    writeFileSync(file, 'SELECT count(*) FROM a\n');
    const c = capture();
    await runSqlTally({ files: [file], json: true }, c.out);
    assert.deepEqual(JSON.parse(c.text()), [{ file, total: 1, understood: 1, refused: 0, reasons: [] }]);
    await assert.rejects(runSqlTally({ files: [join(dir, 'missing.sql')] }, () => {}), (e: unknown) => isPilotError(e) && e.code === 'SQL_FILE_UNREADABLE');
  });

  it('wires graph and tally as subcommands of `sql`', async () => {
    const chunks: string[] = [];
    const write = process.stdout.write;
    const previousExitCode = process.exitCode;
    process.stdout.write = ((text: string) => chunks.push(text) > 0) as typeof process.stdout.write;
    try {
      await yargs(['sql', 'graph', 'SELECT count(*) FROM t WHERE t.a = 1']).command(sqlCommand).strict().fail(false).parseAsync();
    } finally {
      process.stdout.write = write;
    }
    assert.equal(process.exitCode, 0);
    process.exitCode = previousExitCode;
    assert.equal(JSON.parse(chunks.join('')).relations[0].alias, 't');
  });
});
