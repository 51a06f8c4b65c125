import { describe, expect, it } from 'vitest';
import {
  analyzeFiles,
  emptyResultUse,
  findingsFor,
  presetSeverities,
  readSql,
  type CallEvent,
  type DbEvent,
  type Deps,
  type FileModel,
  type Loc,
  type QueryEvent,
  type TxEvent,
  type Unit,
} from '@tocscan/core';
import { rules } from '@tocscan/rules';

// A tiny builder for hand-made event models: one event per line.
const loc = (line: number): Loc => ({ line, column: 2, endLine: line, endColumn: 40, offset: line * 100, endOffset: line * 100 + 38 });
const deps = (events: number[] = [], params: number[] = []): Deps => ({ events, params });

function q(id: number, sql: string, opts: { guard?: number[]; data?: number[]; dataParams?: number[]; guardParams?: number[]; checked?: boolean; returned?: boolean } = {}): QueryEvent {
  return {
    type: 'query',
    id,
    loc: loc(id),
    guard: deps(opts.guard, opts.guardParams),
    data: deps(opts.data, opts.dataParams),
    pieces: [{ kind: 'text', text: sql, offset: id * 100 }],
    sql: readSql(sql, {}),
    api: 'db.query',
    result: { ...emptyResultUse(), affectedRowsChecked: !!opts.checked, returned: !!opts.returned },
  };
}
function tx(id: number, action: TxEvent['action'], extra: Partial<TxEvent> = {}): TxEvent {
  return { type: 'tx', id, loc: loc(id), guard: deps(), data: deps(), action, via: 'call', api: `db.${action}`, ...extra };
}
function call(id: number, name: string, opts: { receiver?: string; guard?: number[]; args?: Deps[]; inCondition?: boolean } = {}): CallEvent {
  return {
    type: 'call',
    id,
    loc: loc(id),
    guard: deps(opts.guard),
    data: deps(),
    callee: { name, receiver: opts.receiver },
    args: opts.args ?? [],
    result: { ...emptyResultUse(), inCondition: !!opts.inCondition },
  };
}
function unit(name: string, events: DbEvent[], extra: Partial<Unit> = {}): Unit {
  return { name, simpleName: name, kind: 'function', params: [], loc: loc(1), events, returns: deps(), ...extra };
}
function file(units: Unit[], dialect: FileModel['dialect'] = 'postgresql', path = 'app.ts'): FileModel {
  return { path, lang: 'ts', dialect, units, problems: [] };
}
function report(model: FileModel | FileModel[], preset: 'recommended' | 'strict' = 'strict') {
  const models = Array.isArray(model) ? model : [model];
  const severities = presetSeverities(rules, preset);
  return analyzeFiles(models).flatMap((a) => findingsFor(a, rules, severities)).map((f) => `${f.file}:${f.loc.line} ${f.ruleId}`);
}

const SELECT = 'SELECT quantity FROM products WHERE id = $1';
const UPDATE = 'UPDATE products SET quantity = quantity - 1 WHERE id = $1';

describe('pairs', () => {
  it('reports a guarded UPDATE of the table read', () => {
    expect(report(file([unit('buy', [q(1, SELECT), q(2, UPDATE, { guard: [1] })])]))).toEqual(['app.ts:2 check-then-act']);
  });

  it('reports a write computed from the read (lost update)', () => {
    const f = file([unit('pay', [q(1, 'SELECT balance FROM accounts WHERE id = $1'), q(2, 'UPDATE accounts SET balance = $1 WHERE id = $2', { data: [1] })])]);
    const [finding] = analyzeFiles([f]).flatMap((a) => findingsFor(a, rules, presetSeverities(rules, 'strict')));
    expect(finding.messageId).toBe('lostUpdate');
    expect(finding.read?.loc.line).toBe(1);
    expect(finding.timeline.at(-1)?.note).toMatch(/lost update/);
  });

  it('ignores a blind write, a write of another table and a read-only unit', () => {
    expect(report(file([unit('seen', [q(1, 'SELECT * FROM users WHERE id = $1'), q(2, 'UPDATE users SET last_seen = now() WHERE id = $1')])]))).toEqual([]);
    expect(report(file([unit('log', [q(1, SELECT), q(2, 'UPDATE audit SET n = n + 1 WHERE id = $1', { guard: [1] })])]))).toEqual([]);
    expect(report(file([unit('show', [q(1, SELECT), q(2, SELECT, { guard: [1] })])]))).toEqual([]);
  });

  it('rows read and copied into INSERTs, or naming the rows a DELETE removes, are not a race', () => {
    const copy = [q(1, 'SELECT category_id FROM product_to_category WHERE product_id = ?'), q(2, 'INSERT INTO product_to_category (product_id, category_id) VALUES (?, ?)', { data: [1] })];
    expect(report(file([unit('copyProduct', copy)], 'mysql'))).toEqual([]);
    const cascade = [q(1, 'SELECT id FROM attributes WHERE group_id = ?'), q(2, 'DELETE FROM attributes WHERE id = ?', { data: [1] })];
    expect(report(file([unit('deleteGroup', cascade)], 'mysql'))).toEqual([]);
  });

  it('rows chosen by a non-key filter and then deleted by id are a race', () => {
    const expire = [q(1, 'SELECT id FROM carts WHERE updated_at < ?'), q(2, 'DELETE FROM carts WHERE id = ?', { data: [1] })];
    expect(report(file([unit('expire', expire)], 'mysql'))).toEqual(['app.ts:2 check-then-act']);
  });

  it('a value computed by an aggregate and inserted is a race (duplicate numbers)', () => {
    const next = [q(1, 'SELECT MAX(invoice_no) AS last FROM invoices'), q(2, 'INSERT INTO invoices (invoice_no, order_id) VALUES (?, ?)', { data: [1] })];
    expect(report(file([unit('invoice', next)], 'mysql'))).toEqual(['app.ts:2 insert-if-absent']);
  });

  it('reports insert-if-absent, and not an upsert', () => {
    const read = 'SELECT id FROM cart_items WHERE cart_id = $1 AND product_id = $2';
    expect(report(file([unit('add', [q(1, read), q(2, 'INSERT INTO cart_items (cart_id, product_id) VALUES ($1, $2)', { guard: [1] })])]))).toEqual([
      'app.ts:2 insert-if-absent',
    ]);
    expect(
      report(file([unit('add', [q(1, read), q(2, 'INSERT INTO cart_items (cart_id, product_id) VALUES ($1, $2) ON CONFLICT (cart_id, product_id) DO NOTHING', { guard: [1] })])])),
    ).toEqual([]);
  });
});

describe('protections', () => {
  it('a locking read inside the transaction holding the write protects', () => {
    const events = [tx(1, 'begin'), q(2, `${SELECT} FOR UPDATE`), q(3, UPDATE, { guard: [2] }), tx(4, 'commit')];
    expect(report(file([unit('buy', events)]))).toEqual([]);
  });

  it('a locking read in autocommit protects nothing and is reported itself', () => {
    expect(report(file([unit('buy', [q(1, `${SELECT} FOR UPDATE`), q(2, UPDATE, { guard: [1] })])]))).toEqual([
      'app.ts:1 locking-read-outside-transaction',
      'app.ts:2 check-then-act',
    ]);
  });

  it('a batch that begins a transaction before its locking read is inside it', () => {
    const events = [q(1, `BEGIN; ${SELECT} FOR UPDATE`), q(2, UPDATE, { guard: [1] }), q(3, 'COMMIT')];
    expect(report(file([unit('buy', events)]))).toEqual([]);
  });

  it('a transaction committed between read and write protects nothing', () => {
    const events = [tx(1, 'begin'), q(2, `${SELECT} FOR UPDATE`), tx(3, 'commit'), q(4, UPDATE, { guard: [2] })];
    expect(report(file([unit('buy', events)]))).toEqual(['app.ts:4 check-then-act']);
  });

  it('a terminal rollback (in an early-exit branch) does not end the transaction for what follows', () => {
    const events = [tx(1, 'begin'), q(2, `${SELECT} FOR UPDATE`), tx(3, 'rollback', { terminal: true }), q(4, UPDATE, { guard: [2] }), tx(5, 'commit')];
    expect(report(file([unit('buy', events)]))).toEqual([]);
  });

  it('a locking read protects an INSERT after "no row" only through MySQL gap locks', () => {
    const read = 'SELECT id FROM subscribers WHERE email = ? FOR UPDATE';
    const events = [tx(1, 'begin'), q(2, read), q(3, 'INSERT INTO subscribers (email) VALUES (?)', { guard: [2] }), tx(4, 'commit')];
    expect(report(file([unit('a', events)], 'mysql'))).toEqual([]);
    expect(report(file([unit('a', events)], 'postgresql'))).toEqual(['app.ts:3 transaction-without-locking-read']);
    expect(report(file([unit('a', events)], 'postgresql'), 'recommended')).toEqual([]);
  });

  it('FOR KEY SHARE does not block an UPDATE', () => {
    const events = [tx(1, 'begin'), q(2, `${SELECT} FOR KEY SHARE`), q(3, UPDATE, { guard: [2] }), tx(4, 'commit')];
    expect(report(file([unit('a', events)]))).toEqual(['app.ts:3 transaction-without-locking-read']);
  });

  it('a plain transaction is accepted by recommended and reported by strict', () => {
    const events = [tx(1, 'begin'), q(2, SELECT), q(3, UPDATE, { guard: [2] }), tx(4, 'commit')];
    expect(report(file([unit('buy', events)]), 'recommended')).toEqual([]);
    expect(report(file([unit('buy', events)]), 'strict')).toEqual(['app.ts:3 transaction-without-locking-read']);
  });

  it('SERIALIZABLE, a serialising transaction and an advisory lock protect', () => {
    const serializable = [q(1, 'SET TRANSACTION ISOLATION LEVEL SERIALIZABLE'), tx(2, 'begin'), q(3, SELECT), q(4, UPDATE, { guard: [3] }), tx(5, 'commit')];
    expect(report(file([unit('a', serializable)]))).toEqual([]);
    const immediate = [tx(1, 'begin', { serializing: true }), q(2, SELECT), q(3, UPDATE, { guard: [2] }), tx(4, 'commit')];
    expect(report(file([unit('b', immediate)], 'sqlite'))).toEqual([]);
    const advisory = [tx(1, 'begin'), q(2, 'SELECT pg_advisory_xact_lock($1)'), q(3, SELECT), q(4, UPDATE, { guard: [3] }), tx(5, 'commit')];
    expect(report(file([unit('c', advisory)]))).toEqual([]);
  });

  it('a conditional write protects; its unchecked affected-row count is a strict finding', () => {
    const cond = 'UPDATE products SET quantity = quantity - $2 WHERE id = $1 AND quantity >= $2';
    expect(report(file([unit('a', [q(1, SELECT), q(2, cond, { guard: [1], checked: true })])]))).toEqual([]);
    expect(report(file([unit('a', [q(1, SELECT), q(2, cond, { guard: [1] })])]), 'recommended')).toEqual([]);
    expect(report(file([unit('a', [q(1, SELECT), q(2, cond, { guard: [1] })])]))).toEqual(['app.ts:2 unchecked-conditional-write']);
  });
});

describe('helpers', () => {
  const repo = [
    unit('getById', [q(10, SELECT, { dataParams: [0], returned: true })], { kind: 'method', className: 'Repo', params: ['id'], returns: deps([10]) }),
    unit('decrement', [q(20, UPDATE, { dataParams: [0] })], { kind: 'method', className: 'Repo', params: ['id'] }),
  ];

  it('pairs a helper that returns the read with a helper that writes, at the write call', () => {
    const service = unit('buy', [call(3, 'getById', { receiver: 'this.repo' }), call(5, 'decrement', { receiver: 'this.repo', guard: [3] })], {
      kind: 'method',
      className: 'Service',
    });
    const [finding, ...rest] = analyzeFiles([file([...repo, service])]).flatMap((a) => findingsFor(a, rules, presetSeverities(rules, 'recommended')));
    expect(rest).toEqual([]);
    expect(finding.ruleId).toBe('check-then-act');
    expect(finding.loc.line).toBe(5);
    expect(finding.read?.loc.line).toBe(3);
    expect(finding.read?.via?.loc.line).toBe(10);
    expect(finding.write?.via?.loc.line).toBe(20);
    expect(finding.message).toContain('(in getById)');
  });

  it('resolves helpers defined in another file of the project', () => {
    const service = unit('buy', [call(3, 'getById', { receiver: 'this.repo' }), call(5, 'decrement', { receiver: 'this.repo', guard: [3] })], { kind: 'method', className: 'Service' });
    expect(report([file(repo, 'postgresql', 'repo.ts'), file([service], 'postgresql', 'service.ts')], 'recommended')).toEqual(['service.ts:5 check-then-act']);
  });

  it('judges a helper only ever called inside a transaction in that transaction', () => {
    const lockRead = unit('lockRow', [q(10, `${SELECT} FOR UPDATE`, { returned: true })], { returns: deps([10]) });
    const caller = unit('buy', [tx(1, 'begin'), call(2, 'lockRow'), q(3, UPDATE, { guard: [2] }), tx(4, 'commit')]);
    expect(report(file([lockRead, caller]))).toEqual([]);
  });

  it('does not recurse forever on recursive helpers', () => {
    const a = unit('a', [call(1, 'b')]);
    const b = unit('b', [call(2, 'a')]);
    expect(report(file([a, b]))).toEqual([]);
  });
});

describe('fingerprints', () => {
  it('survive moved lines', () => {
    const at = (shift: number) => {
      const s = q(1 + shift, SELECT);
      const u = q(2 + shift, UPDATE, { guard: [1 + shift] });
      return analyzeFiles([file([unit('buy', [s, u])])]).flatMap((a) => findingsFor(a, rules, presetSeverities(rules, 'strict')))[0].fingerprint;
    };
    expect(at(0)).toBe(at(7));
  });
});
