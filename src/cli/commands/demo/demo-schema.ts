import type { Interactor } from '../../../db/interactor.js';

/**
 * Two tables with an index on the join column, made deterministic with generate_series:
 * 100,000 customers in 100 regions and 1,000,000 orders spread over them.
 */
export const DEMO_TABLES_SQL = [
  'DROP TABLE IF EXISTS demo_customers, demo_orders',
  `CREATE TABLE demo_customers AS
     SELECT i AS id, i % 100 AS region, (i * 37) % 1000 AS score FROM generate_series(1, 100000) AS i`,
  `CREATE TABLE demo_orders AS
     SELECT i AS id, (1 + (i::bigint * 7919) % 100000)::int AS customer_id, (i * 13) % 500 AS amount FROM generate_series(1, 1000000) AS i`,
  'ALTER TABLE demo_customers ADD PRIMARY KEY (id)',
  'CREATE INDEX demo_orders_customer_id ON demo_orders (customer_id)',
  'ANALYZE demo_customers',
  'ANALYZE demo_orders',
] as const;

/**
 * The join the demo plans. PostgreSQL costs join methods from their inputs, so a join's own
 * estimate changes the method when something above the join depends on its size: here the
 * ORDER BY (sort the join's output, or keep the outer's index order with a nested loop).
 */
export const DEMO_QUERY =
  'SELECT c.id, o.amount FROM demo_customers c JOIN demo_orders o ON o.customer_id = c.id WHERE c.region = 7 ORDER BY c.id';

export async function ensureDemoTables(db: Interactor, log: (m: string) => void): Promise<void> {
  const exists = await db.execute("SELECT to_regclass('demo_orders') IS NOT NULL AS present", { pull: ['records'] });
  if (exists.status === 'ok' && exists.records?.[0]?.present === true) return;
  log('creating demo_customers (100,000 rows) and demo_orders (1,000,000 rows)');
  for (const sql of DEMO_TABLES_SQL) await db.execute(sql);
}
