/**
 * Generated TypeScript applications: repositories over node-postgres, mysql2 and better-sqlite3 (SQL in
 * template literals, a query every few lines), services that call them (some in transactions), Express
 * handlers (some with inline SQL and a race), React components, utilities, stores and type modules.
 */
import { Code } from './code.js';
import type { GeneratedFile } from './php.js';
import type { Random } from '../random.js';
import { COMMENTS, ENTITIES, VERBS, WORDS, camel, type Entity } from './vocab.js';

export type TsKind = 'repository' | 'service' | 'handler' | 'component' | 'util' | 'types' | 'store';

/** Shares of files by kind: about a fifth of the files hold SQL. */
export const TS_KINDS: Readonly<Record<TsKind, number>> = {
  repository: 11,
  service: 14,
  handler: 10,
  component: 28,
  util: 18,
  types: 10,
  store: 9,
};

const lc = (e: Entity) => camel(e.table);

function comment(c: Code, r: Random): void {
  if (r.chance(0.3)) c.line(`// ${r.pick(COMMENTS)}`);
}

function pgRepository(r: Random, e: Entity): Code {
  const c = new Code('  ');
  c.line(`import type { Pool, PoolClient } from 'pg';`);
  c.line(`import type { ${e.Name}, ${e.Name}Filter } from '../types/${e.table}';`);
  c.line('');
  c.line(`const COLUMNS = '${[e.id, e.counter, e.status, ...e.columns].join(', ')}';`);
  c.line('');
  c.block(`export class ${e.Name}Repository {`, () => {
    c.line('constructor(private readonly pool: Pool) {}');
    c.line('');
    comment(c, r);
    c.block(`async findById(id: number): Promise<${e.Name} | undefined> {`, () => {
      c.line(`const { rows } = await this.pool.query<${e.Name}>(\`SELECT \${COLUMNS} FROM ${e.table}s WHERE ${e.id} = $1\`, [id]);`);
      c.line('return rows[0];');
    });
    c.line('');
    c.block(`async list(filter: ${e.Name}Filter): Promise<${e.Name}[]> {`, () => {
      c.line(`const where: string[] = ['${e.status} = $1'];`);
      c.line(`const params: unknown[] = [filter.${camel(e.status)} ?? '${e.statuses[0]}'];`);
      for (const col of r.sample(e.columns, r.int(1, 3))) {
        c.block(`if (filter.${camel(col)} !== undefined) {`, () => {
          c.line(`params.push(filter.${camel(col)});`);
          c.line(`where.push(\`${col} = $\${params.length}\`);`);
        });
      }
      c.line(`const sql = \`SELECT \${COLUMNS} FROM ${e.table}s WHERE \${where.join(' AND ')} ORDER BY ${e.columns[0]} LIMIT \${filter.limit ?? 50}\`;`);
      c.line('const { rows } = await this.pool.query<' + e.Name + '>(sql, params);');
      c.line('return rows;');
    });
    c.line('');
    c.block(`async create(input: Omit<${e.Name}, '${camel(e.id)}'>): Promise<number> {`, () => {
      const cols = e.columns.slice(0, r.int(2, e.columns.length));
      c.line('const { rows } = await this.pool.query<{ id: number }>(');
      c.line(`  'INSERT INTO ${e.table}s (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING ${e.id} AS id',`);
      c.line(`  [${cols.map((col) => `input.${camel(col)}`).join(', ')}],`);
      c.line(');');
      c.line('return rows[0].id;');
    });
    c.line('');
    c.block(`async updateStatus(id: number, status: string): Promise<void> {`, () => {
      c.line(`await this.pool.query('UPDATE ${e.table}s SET ${e.status} = $2 WHERE ${e.id} = $1', [id, status]);`);
    });
    if (r.chance(0.5)) {
      c.line('');
      c.block(`async take(id: number, amount: number): Promise<boolean> {`, () => {
        c.line(`const result = await this.pool.query('UPDATE ${e.table}s SET ${e.counter} = ${e.counter} - $2 WHERE ${e.id} = $1 AND ${e.counter} >= $2', [id, amount]);`);
        c.line('return result.rowCount === 1;');
      });
    }
    if (r.chance(0.4)) {
      c.line('');
      c.block(`async redeem(client: PoolClient, id: number, amount: number): Promise<void> {`, () => {
        c.line(`const { rows } = await client.query('SELECT ${e.counter} FROM ${e.table}s WHERE ${e.id} = $1', [id]);`);
        c.block(`if (rows[0].${e.counter} < amount) {`, () => c.line(`throw new Error('not enough ${e.counter}');`));
        c.line(`await client.query('UPDATE ${e.table}s SET ${e.counter} = ${e.counter} - $2 WHERE ${e.id} = $1', [id, amount]);`);
      });
    }
    c.line('');
    c.block(`async remove(id: number): Promise<void> {`, () => {
      c.line(`await this.pool.query('DELETE FROM ${e.table}s WHERE ${e.id} = $1', [id]);`);
    });
  });
  return c;
}

function mysqlRepository(r: Random, e: Entity): Code {
  const c = new Code('  ');
  c.line(`import mysql from 'mysql2/promise';`);
  c.line(`import type { RowDataPacket, ResultSetHeader } from 'mysql2';`);
  c.line('');
  c.line('const pool = mysql.createPool({ uri: process.env.DATABASE_URL });');
  c.line('');
  c.block(`export async function find${e.Name}(id: number) {`, () => {
    c.line(`const [rows] = await pool.query<RowDataPacket[]>('SELECT * FROM \`${e.table}s\` WHERE id = ?', [id]);`);
    c.line('return rows[0];');
  });
  c.line('');
  c.block(`export async function use${e.Name}(id: number, amount: number) {`, () => {
    if (r.chance(0.5)) {
      c.line(`const [rows] = await pool.query<RowDataPacket[]>('SELECT ${e.counter} FROM \`${e.table}s\` WHERE id = ?', [id]);`);
      c.block(`if (!rows.length || rows[0].${e.counter} < amount) {`, () => c.line('return false;'));
      c.line(`await pool.query('UPDATE \`${e.table}s\` SET ${e.counter} = ${e.counter} - ? WHERE id = ?', [amount, id]);`);
      c.line('return true;');
    } else {
      c.line(`const [result] = await pool.query<ResultSetHeader>('UPDATE \`${e.table}s\` SET ${e.counter} = ${e.counter} - ? WHERE id = ? AND ${e.counter} >= ?', [amount, id, amount]);`);
      c.line('return result.affectedRows === 1;');
    }
  });
  c.line('');
  c.block(`export async function list${e.Plural}(page: number, size = 20) {`, () => {
    c.line(`const [rows] = await pool.query<RowDataPacket[]>(`);
    c.line(`  'SELECT id, ${e.columns.slice(0, 3).join(', ')} FROM \`${e.table}s\` ORDER BY id DESC LIMIT ? OFFSET ?',`);
    c.line('  [size, (page - 1) * size],');
    c.line(');');
    c.line('return rows;');
  });
  return c;
}

function sqliteRepository(r: Random, e: Entity): Code {
  const c = new Code('  ');
  c.line(`import Database from 'better-sqlite3';`);
  c.line('');
  c.line(`const db = new Database(process.env.DB_FILE ?? 'app.db');`);
  c.line(`const byId = db.prepare('SELECT * FROM ${e.table}s WHERE id = ?');`);
  c.line('');
  c.block(`export function get${e.Name}(id: number) {`, () => c.line('return byId.get(id);'));
  c.line('');
  c.block(`export const consume${e.Name} = db.transaction((id: number, amount: number) => {`, () => {
    c.line(`const row = db.prepare('SELECT ${e.counter} FROM ${e.table}s WHERE id = ?').get(id) as { ${e.counter}: number } | undefined;`);
    c.block(`if (!row || row.${e.counter} < amount) {`, () => c.line('return false;'));
    c.line(`db.prepare('UPDATE ${e.table}s SET ${e.counter} = ${e.counter} - ? WHERE id = ?').run(amount, id);`);
    c.line('return true;');
  }, '});');
  if (r.chance(0.5)) {
    c.line('');
    c.block(`export function archive${e.Plural}(before: string) {`, () => {
      c.line(`return db.prepare('DELETE FROM ${e.table}s WHERE ${e.columns[e.columns.length - 1]} < ?').run(before).changes;`);
    });
  }
  return c;
}

function repository(r: Random, e: Entity): Code {
  const flavour = r.weighted({ pg: 6, mysql: 3, sqlite: 1 });
  return flavour === 'pg' ? pgRepository(r, e) : flavour === 'mysql' ? mysqlRepository(r, e) : sqliteRepository(r, e);
}

function service(r: Random, e: Entity): Code {
  const c = new Code('  ');
  const other = r.pick(ENTITIES);
  c.line(`import type { Pool } from 'pg';`);
  c.line(`import { ${e.Name}Repository } from '../repositories/${e.table}';`);
  c.line(`import { ${other.Name}Repository } from '../repositories/${other.table}';`);
  c.line(`import { logger } from '../util/logger';`);
  c.line('');
  c.line(`export class ${e.Name}NotAvailable extends Error {}`);
  c.line('');
  c.block(`export class ${e.Name}Service {`, () => {
    c.line('constructor(');
    c.line('  private readonly pool: Pool,');
    c.line(`  private readonly ${lc(e)}s: ${e.Name}Repository,`);
    c.line(`  private readonly ${lc(other)}s: ${other.Name}Repository,`);
    c.line(') {}');
    c.line('');
    c.block(`async ${r.pick(['purchase', 'allocate', 'assign', 'apply'])}(id: number, amount: number, customerId: number): Promise<number> {`, () => {
      c.line(`const ${lc(e)} = await this.${lc(e)}s.findById(id);`);
      c.block(`if (!${lc(e)} || ${lc(e)}.${camel(e.counter)} < amount) {`, () => c.line(`throw new ${e.Name}NotAvailable(String(id));`));
      c.line(`const ok = await this.${lc(e)}s.take(id, amount);`);
      c.block('if (!ok) {', () => c.line(`throw new ${e.Name}NotAvailable(String(id));`));
      c.line(`logger.info('${e.table} taken', { id, amount, customerId });`);
      c.line(`return this.${lc(other)}s.create({ ${camel(other.columns[0])}: customerId } as never);`);
    });
    if (r.chance(0.35)) {
      c.line('');
      c.block(`async transfer(fromId: number, toId: number, amount: number): Promise<void> {`, () => {
        c.line('const client = await this.pool.connect();');
        c.chain(
          [
            'try {',
            () => {
          c.line(`await client.query('BEGIN');`);
          c.line(`const { rows } = await client.query('SELECT ${e.counter} FROM ${e.table}s WHERE ${e.id} = $1 FOR UPDATE', [fromId]);`);
          c.block(`if (rows[0].${e.counter} < amount) {`, () => {
            c.line(`await client.query('ROLLBACK');`);
            c.line('return;');
          });
          c.line(`await client.query('UPDATE ${e.table}s SET ${e.counter} = ${e.counter} - $2 WHERE ${e.id} = $1', [fromId, amount]);`);
          c.line(`await client.query('UPDATE ${e.table}s SET ${e.counter} = ${e.counter} + $2 WHERE ${e.id} = $1', [toId, amount]);`);
          c.line(`await client.query('COMMIT');`);
            },
          ],
          [
            '} catch (error) {',
            () => {
              c.line(`await client.query('ROLLBACK');`);
              c.line('throw error;');
            },
          ],
          ['} finally {', () => c.line('client.release();')],
        );
      });
    }
    for (let i = r.int(1, 4); i > 0; i--) {
      const word = r.pick(WORDS);
      c.line('');
      comment(c, r);
      c.block(`async ${r.pick(VERBS)}${word[0].toUpperCase()}${word.slice(1)}${i}(ids: number[]): Promise<Record<number, string>> {`, () => {
        c.line(`const rows = await Promise.all(ids.map((id) => this.${lc(e)}s.findById(id)));`);
        c.line('const out: Record<number, string> = {};');
        c.block('rows.forEach((row, index) => {', () => {
          c.line(`out[ids[index]] = row ? String(row.${camel(e.columns[0])}) : 'n/a';`);
        }, '});');
        c.line('return out;');
      });
    }
  });
  return c;
}

function handler(r: Random, e: Entity): Code {
  const c = new Code('  ');
  c.line(`import { Router, type Request, type Response } from 'express';`);
  c.line(`import { pool } from '../db';`);
  c.line(`import { requireUser } from '../middleware/auth';`);
  c.line('');
  c.line('export const router = Router();');
  c.line('');
  c.block(`router.get('/${e.table}s/:id', requireUser, async (req: Request, res: Response) => {`, () => {
    c.line(`const { rows } = await pool.query('SELECT * FROM ${e.table}s WHERE ${e.id} = $1', [Number(req.params.id)]);`);
    c.block('if (!rows.length) {', () => c.line(`return res.status(404).json({ error: 'not found' });`));
    c.line('res.json(rows[0]);');
  }, '});');
  c.line('');
  c.block(`router.post('/${e.table}s/:id/use', requireUser, async (req: Request, res: Response) => {`, () => {
    c.line('const id = Number(req.params.id);');
    c.line('const amount = Number(req.body.amount ?? 1);');
    if (r.chance(0.5)) {
      c.line(`const { rows } = await pool.query('SELECT ${e.counter} FROM ${e.table}s WHERE ${e.id} = $1', [id]);`);
      c.block(`if (rows[0]?.${e.counter} < amount) {`, () => c.line(`return res.status(409).json({ error: 'not enough ${e.counter}' });`));
      c.line(`await pool.query('UPDATE ${e.table}s SET ${e.counter} = ${e.counter} - $2 WHERE ${e.id} = $1', [id, amount]);`);
    } else {
      c.line(`const result = await pool.query('UPDATE ${e.table}s SET ${e.counter} = ${e.counter} - $2 WHERE ${e.id} = $1 AND ${e.counter} >= $2', [id, amount]);`);
      c.block('if (result.rowCount === 0) {', () => c.line(`return res.status(409).json({ error: 'not enough ${e.counter}' });`));
    }
    c.line('res.status(204).end();');
  }, '});');
  for (let i = r.int(0, 3); i > 0; i--) {
    const col = r.pick(e.columns);
    c.line('');
    c.block(`router.get('/${e.table}s/by-${col.replace(/_/g, '-')}/:value', async (req: Request, res: Response) => {`, () => {
      c.line(`const limit = Math.min(Number(req.query.limit ?? 20), 100);`);
      c.line(`const { rows } = await pool.query(\`SELECT ${e.id}, ${col} FROM ${e.table}s WHERE ${col} = $1 ORDER BY ${e.id} DESC LIMIT \${limit}\`, [req.params.value]);`);
      c.line('res.json({ items: rows, count: rows.length });');
    }, '});');
  }
  return c;
}

function component(r: Random, e: Entity): Code {
  const c = new Code('  ');
  c.line(`import { useEffect, useMemo, useState } from 'react';`);
  c.line(`import type { ${e.Name} } from '../types/${e.table}';`);
  c.line(`import { formatDate, formatMoney } from '../util/format';`);
  c.line('');
  c.block(`interface ${e.Name}ListProps {`, () => {
    c.line(`items: ${e.Name}[];`);
    c.line(`onSelect?: (item: ${e.Name}) => void;`);
    c.line('pageSize?: number;');
  });
  c.line('');
  c.block(`export function ${e.Name}List({ items, onSelect, pageSize = 20 }: ${e.Name}ListProps) {`, () => {
    c.line(`const [query, setQuery] = useState('');`);
    c.line('const [page, setPage] = useState(1);');
    c.line('');
    c.block('const visible = useMemo(() => {', () => {
      c.line('const q = query.trim().toLowerCase();');
      c.line(`const filtered = q ? items.filter((item) => String(item.${camel(e.columns[0])}).toLowerCase().includes(q)) : items;`);
      c.line('return filtered.slice((page - 1) * pageSize, page * pageSize);');
    }, '}, [items, query, page, pageSize]);');
    c.line('');
    c.block('useEffect(() => {', () => c.line('setPage(1);'), '}, [query]);');
    c.line('');
    c.line('return (');
    c.line(`  <section className="${e.table.replace(/_/g, '-')}-list">`);
    c.line(`    <input value={query} onChange={(event) => setQuery(event.target.value)} placeholder="Search ${e.Plural.toLowerCase()}" />`);
    c.line('    <table>');
    c.line(`      <thead><tr>${e.columns.map((col) => `<th>${col.replace(/_/g, ' ')}</th>`).join('')}</tr></thead>`);
    c.line('      <tbody>');
    c.line('        {visible.map((item) => (');
    c.line(`          <tr key={item.${camel(e.id)}} onClick={() => onSelect?.(item)}>`);
    for (const col of e.columns) {
      const cell = /date|_at$/.test(col) ? `formatDate(item.${camel(col)})` : /price|total|amount/.test(col) ? `formatMoney(item.${camel(col)})` : `item.${camel(col)}`;
      c.line(`            <td>{${cell}}</td>`);
    }
    c.line('          </tr>');
    c.line('        ))}');
    c.line('      </tbody>');
    c.line('    </table>');
    c.line('    <nav>');
    c.line('      <button disabled={page === 1} onClick={() => setPage((p) => p - 1)}>Previous</button>');
    c.line('      <span>{page}</span>');
    c.line('      <button onClick={() => setPage((p) => p + 1)}>Next</button>');
    c.line('    </nav>');
    c.line('  </section>');
    c.line(');');
  });
  for (let i = r.int(0, 3); i > 0; i--) {
    const word = r.pick(WORDS);
    c.line('');
    c.block(`export function ${e.Name}${word[0].toUpperCase()}${word.slice(1)}Card${i}({ item }: { item: ${e.Name} }) {`, () => {
      c.line(`const [open, setOpen] = useState(false);`);
      c.line('return (');
      c.line(`  <div className="card" onClick={() => setOpen(!open)}>`);
      c.line(`    <h3>{item.${camel(e.columns[0])}}</h3>`);
      c.line(`    {open && <p>{String(item.${camel(e.counter)})} · {item.${camel(e.status)}}</p>}`);
      c.line('  </div>');
      c.line(');');
    });
  }
  return c;
}

function util(r: Random): Code {
  const c = new Code('  ');
  for (let i = r.int(3, 10); i > 0; i--) {
    const word = r.pick(WORDS);
    const name = `${r.pick(VERBS)}${word[0].toUpperCase()}${word.slice(1)}${i}`;
    c.line(`/** ${r.pick(COMMENTS)} */`);
    switch (r.int(0, 3)) {
      case 0:
        c.block(`export function ${name}(values: readonly number[]): number {`, () => {
          c.line('if (values.length === 0) return 0;');
          c.line('const sorted = [...values].sort((a, b) => a - b);');
          c.line('const mid = Math.floor(sorted.length / 2);');
          c.line('return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;');
        });
        break;
      case 1:
        c.block(`export const ${name} = (text: string, max = ${r.int(20, 120)}): string =>`, () => {
          c.line(`text.length <= max ? text : \`\${text.slice(0, max - 1)}…\`;`);
        }, '');
        break;
      case 2:
        c.block(`export function ${name}<T extends Record<string, unknown>>(items: T[], key: keyof T): Map<unknown, T[]> {`, () => {
          c.line('const groups = new Map<unknown, T[]>();');
          c.block('for (const item of items) {', () => {
            c.line('const k = item[key];');
            c.line('const list = groups.get(k) ?? [];');
            c.line('list.push(item);');
            c.line('groups.set(k, list);');
          });
          c.line('return groups;');
        });
        break;
      default:
        c.block(`export async function ${name}<T>(task: () => Promise<T>, attempts = ${r.int(2, 5)}): Promise<T> {`, () => {
          c.line('let last: unknown;');
          c.block('for (let i = 0; i < attempts; i++) {', () => {
              c.chain(
              ['try {', () => c.line('return await task();')],
              [
                '} catch (error) {',
                () => {
                  c.line('last = error;');
                  c.line(`await new Promise((resolve) => setTimeout(resolve, ${r.int(50, 500)} * 2 ** i));`);
                },
              ],
            );
          });
          c.line('throw last;');
        });
    }
    c.line('');
  }
  return c;
}

function types(r: Random, e: Entity): Code {
  const c = new Code('  ');
  c.block(`export interface ${e.Name} {`, () => {
    c.line(`${camel(e.id)}: number;`);
    c.line(`${camel(e.counter)}: number;`);
    c.line(`${camel(e.status)}: ${e.statuses.map((s) => `'${s}'`).join(' | ')};`);
    for (const col of e.columns) c.line(`${camel(col)}: ${/date|_at$/.test(col) ? 'string' : /price|total|amount|_id$|number|weight|order/.test(col) ? 'number' : 'string'};`);
  });
  c.line('');
  c.block(`export interface ${e.Name}Filter {`, () => {
    c.line(`${camel(e.status)}?: string;`);
    for (const col of e.columns) c.line(`${camel(col)}?: unknown;`);
    c.line('limit?: number;');
  });
  c.line('');
  c.line(`export type ${e.Name}Summary = Pick<${e.Name}, '${camel(e.id)}' | '${camel(e.columns[0])}'>;`);
  if (r.chance(0.5)) {
    c.line('');
    c.block(`export enum ${e.Name}Event {`, () => {
      for (const s of e.statuses) c.line(`${camel(`x_${s}`).slice(1)} = '${e.table}.${s}',`);
    });
  }
  return c;
}

function store(r: Random, e: Entity): Code {
  const c = new Code('  ');
  c.line(`import type { ${e.Name} } from '../types/${e.table}';`);
  c.line('');
  c.block(`export interface ${e.Name}State {`, () => {
    c.line(`byId: Record<number, ${e.Name}>;`);
    c.line('loading: boolean;');
    c.line('error?: string;');
  });
  c.line('');
  c.line(`type Action =`);
  c.line(`  | { type: '${e.table}/loaded'; items: ${e.Name}[] }`);
  c.line(`  | { type: '${e.table}/failed'; error: string }`);
  c.line(`  | { type: '${e.table}/reset' };`);
  c.line('');
  c.line(`export const initial${e.Name}State: ${e.Name}State = { byId: {}, loading: false };`);
  c.line('');
  c.block(`export function ${lc(e)}Reducer(state: ${e.Name}State = initial${e.Name}State, action: Action): ${e.Name}State {`, () => {
    c.block('switch (action.type) {', () => {
      c.line(`case '${e.table}/loaded':`);
      c.line(`  return { loading: false, byId: Object.fromEntries(action.items.map((i) => [i.${camel(e.id)}, i])) };`);
      c.line(`case '${e.table}/failed':`);
      c.line('  return { ...state, loading: false, error: action.error };');
      c.line(`case '${e.table}/reset':`);
      c.line(`  return initial${e.Name}State;`);
      c.line('default:');
      c.line('  return state;');
    });
  });
  for (let i = r.int(0, 3); i > 0; i--) {
    c.line('');
    c.line(`export const select${e.Name}${r.pick(['Count', 'Ids', 'List', 'Loading'])}${i} = (state: { ${lc(e)}: ${e.Name}State }) =>`);
    c.line(`  Object.keys(state.${lc(e)}.byId).length;`);
  }
  return c;
}

export function tsFile(r: Random, index: number): GeneratedFile {
  const kind = r.weighted(TS_KINDS);
  const e = r.pick(ENTITIES);
  const n = String(index).padStart(5, '0');
  const dir = `ts/pkg${n.slice(0, 3)}/src`;
  switch (kind) {
    case 'repository':
      return { path: `${dir}/repositories/${e.table}_${n}.ts`, text: repository(r, e).toString() };
    case 'service':
      return { path: `${dir}/services/${e.table}_${n}.ts`, text: service(r, e).toString() };
    case 'handler':
      return { path: `${dir}/routes/${e.table}_${n}.ts`, text: handler(r, e).toString() };
    case 'component':
      return { path: `${dir}/components/${e.Name}List${n}.tsx`, text: component(r, e).toString() };
    case 'util':
      return { path: `${dir}/util/${r.pick(WORDS)}_${n}.ts`, text: util(r).toString() };
    case 'types':
      return { path: `${dir}/types/${e.table}_${n}.ts`, text: types(r, e).toString() };
    case 'store':
      return { path: `${dir}/store/${e.table}_${n}.ts`, text: store(r, e).toString() };
  }
}
