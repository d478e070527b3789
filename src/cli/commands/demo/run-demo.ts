import { connectionConfig, resolveConnectionTarget } from '../../../db/connection-target.js';
import { ensureDatabase } from '../../../db/database-admin.js';
import { Interactor, type ExecuteOk, type Push } from '../../../db/interactor.js';
import { isJoinNodeType, planNodes, type PlanNode } from '../../../db/explain/index.js';
import { PilotError } from '../../../errors/index.js';
import type { DemoArgs } from './command-object.js';
import { DEMO_QUERY, ensureDemoTables } from './demo-schema.js';

const DEMO_DATABASE = 'pilot_demo';
const JOIN_KEY = 'c o';

interface Scenario {
  title: string;
  push: Push;
}

/**
 * The injection demo: the same 2-table join planned by PostgreSQL alone, with an injected join
 * estimate (large and small), and with an injected single-table estimate. Each plan is checked:
 * the injected estimate must appear on its node, and some injection must change the join method.
 */
export async function runDemo(args: DemoArgs): Promise<number> {
  const log = (m: string) => process.stderr.write(`pilot demo: ${m}\n`);
  const target = resolveConnectionTarget({ dsn: args.dsn, home: args.home, database: DEMO_DATABASE, log });
  const config = await connectionConfig(target);
  if (target.kind === 'managed' && (await ensureDatabase(target.cluster.connection('postgres'), DEMO_DATABASE))) {
    log(`created database ${DEMO_DATABASE}`);
  }
  const db = new Interactor({ connection: config, label: DEMO_DATABASE });
  try {
    await db.execute('CREATE EXTENSION IF NOT EXISTS pg_pilot');
    await ensureDemoTables(db, log);
    const out: string[] = [`query: ${DEMO_QUERY}`, ''];
    const base = await plan(db, {});
    const baseJoin = joinNode(base);
    out.push(section("1. PostgreSQL's own plan (nothing pushed)", base));

    const scenarios: Scenario[] = [
      { title: `2. injected join estimate only: ${JOIN_KEY} = 1,000,000,000`, push: { cards: { [JOIN_KEY]: 1e9 } } },
      { title: `3. injected join estimate only: ${JOIN_KEY} = 10`, push: { cards: { [JOIN_KEY]: 10 } } },
      { title: '4. injected single-table estimate: c = 20,000', push: { cards: { c: 20_000 } } },
    ];
    const failures: string[] = [];
    let methodChanged = false;
    for (const s of scenarios) {
      const result = await plan(db, s.push);
      out.push(section(s.title, result));
      for (const [key, rows] of Object.entries(s.push.cards ?? {})) {
        const node = key === JOIN_KEY ? joinNode(result) : scanNode(result, key);
        const ok = node !== undefined && Math.round(node.planRows) === Math.round(rows);
        out.push(`   ${ok ? 'ok' : 'FAILED'}: estimate on ${key} is ${node?.planRows ?? 'missing'} (injected ${rows})`);
        if (!ok) failures.push(`${s.title}: estimate on ${key} is ${node?.planRows}`);
      }
      const method = joinNode(result)?.nodeType;
      if (method !== baseJoin?.nodeType && s.push.cards && Object.keys(s.push.cards).includes(JOIN_KEY)) methodChanged = true;
      out.push(`   join method: ${baseJoin?.nodeType} -> ${method}${method !== baseJoin?.nodeType ? '  (changed)' : ''}`, '');
    }
    if (!methodChanged) failures.push('no injected join estimate changed the join method');

    const pulled = await db.execute(DEMO_QUERY, { push: { cards: { [JOIN_KEY]: 1e9 } }, pull: ['subplanEstimates'] });
    out.push('5. pull subplanEstimates (pg_pilot_subplans()) with c o = 1,000,000,000 pushed:');
    out.push('   key      relations  planner_rows  injected_rows');
    for (const s of (pulled as ExecuteOk).subplanEstimates ?? []) {
      out.push(`   ${s.key.padEnd(8)} ${String(s.relations).padStart(9)}  ${String(s.plannerRows).padStart(12)}  ${String(s.injectedRows ?? '-').padStart(13)}`);
    }
    out.push('', failures.length === 0 ? 'demo: every injection showed up in the plan, and the join method followed it.' : `demo: FAILED: ${failures.join('; ')}`);
    process.stdout.write(`${out.join('\n')}\n`);
    return failures.length === 0 ? 0 : 1;
  } finally {
    await db.close();
  }
}

async function plan(db: Interactor, push: Push): Promise<ExecuteOk> {
  const result = await db.execute(DEMO_QUERY, { push, pull: ['plan', 'executionTime'], timeoutMs: 60_000 });
  if (result.status !== 'ok') throw new PilotError('DEMO_TIMEOUT', 'the demo query timed out');
  return result;
}

function section(title: string, result: ExecuteOk): string {
  return `${title}   [execution ${result.executionTimeMs?.toFixed(1)} ms]\n${renderTree(result.plan!.root, '   ')}`;
}

function renderTree(node: PlanNode, indent: string): string {
  const on = node.alias ? ` on ${node.relationName ?? ''} ${node.alias}` : '';
  const actual = node.actualRows !== undefined ? ` actual=${node.actualRows}` : '';
  const line = `${indent}${node.operator}${on}  (rows=${node.planRows}${actual} cost=${node.totalCost})`;
  return [line, ...node.children.map((c) => renderTree(c, `${indent}  `))].join('\n');
}

const joinNode = (r: ExecuteOk) => planNodes(r.plan!.root).find((n) => isJoinNodeType(n.nodeType));
const scanNode = (r: ExecuteOk, alias: string) => planNodes(r.plan!.root).find((n) => n.alias === alias);
