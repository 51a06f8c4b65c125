import { describe, expect, it } from 'vitest';
import { calls, php, queries, shape, the, txs, unit } from './support.js';

describe('Laravel DB facade', () => {
  const m = php(`
namespace App\\Http\\Controllers;

use Illuminate\\Http\\Request;
use Illuminate\\Support\\Facades\\DB;

class CouponController extends Controller
{
    public function redeem(Request $request, string $code)
    {
        return DB::transaction(function () use ($request, $code) {
            $coupon = DB::selectOne('SELECT id, uses_left FROM coupons WHERE code = ? FOR UPDATE', [$code]);
            abort_if(!$coupon || $coupon->uses_left < 1, 410, 'Coupon used up');
            DB::update('UPDATE coupons SET uses_left = uses_left - 1 WHERE id = ?', [$coupon->id]);
            DB::insert('INSERT INTO coupon_redemptions (coupon_id, user_id) VALUES (?, ?)', [$coupon->id, $request->user()->id]);
            return response()->json(['ok' => true]);
        });
    }

    public function refund(int $orderId)
    {
        DB::beginTransaction();
        $rows = DB::select('SELECT status FROM orders WHERE id = ?', [$orderId]);
        if (empty($rows) || $rows[0]->status !== 'paid') {
            DB::rollBack();
            abort(409);
        }
        $affected = DB::update("UPDATE orders SET status = 'refunded' WHERE id = ? AND status = 'paid'", [$orderId]);
        DB::commit();
        return $affected;
    }

    public function stats()
    {
        $expr = DB::raw('SELECT COUNT(*) FROM orders');
        DB::statement('SET TRANSACTION ISOLATION LEVEL SERIALIZABLE');
        return DB::table('orders')->count();
    }
}`);

  it('inlines the DB::transaction callback between callback begin and commit', () => {
    const u = unit(m, 'CouponController.redeem');
    expect(shape(u)).toEqual(['tx:begin', 'select', 'update', 'insert', 'tx:commit']);
    expect(txs(u).map((t) => [t.action, t.via, t.api])).toEqual([
      ['begin', 'callback', 'DB::transaction'],
      ['commit', 'callback', 'DB::transaction'],
    ]);
    expect(m.units.some((x) => x.kind === 'closure')).toBe(false);
  });

  it('uses abort_if as a conditional early exit and follows selectOne() into the writes', () => {
    const u = unit(m, 'CouponController.redeem');
    const select = the(u, 'select');
    expect(select).toMatchObject({ api: 'DB::selectOne', driver: 'laravel' });
    expect(select.sql.locking).toBe('for-update');
    expect(select.data.params).toEqual([1]);
    for (const write of [the(u, 'update'), the(u, 'insert')]) {
      expect(write.guard.events).toEqual([select.id]);
      expect(write.data.events).toEqual([select.id]);
    }
  });

  it('reads beginTransaction/rollBack/commit, abort() as exit, and DB::update() as a count', () => {
    const u = unit(m, 'CouponController.refund');
    expect(shape(u)).toEqual(['tx:begin', 'select', 'tx:rollback', 'update', 'tx:commit']);
    expect(txs(u)[1].terminal).toBe(true);
    const [select, update] = queries(u);
    expect(update.guard.events).toEqual([select.id]);
    expect(update.result).toMatchObject({ returned: true, affectedRowsChecked: true });
  });

  it('does not execute DB::raw and reads SET TRANSACTION through DB::statement', () => {
    const u = unit(m, 'CouponController.stats');
    expect(shape(u)).toEqual(['set-isolation']);
    expect(queries(u)[0].sql.isolation).toBe('serializable');
    expect(calls(u)).toEqual([]);
  });
});
