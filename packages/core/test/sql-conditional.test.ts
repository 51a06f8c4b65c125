/** Which columns identify a row (key-like) and which carry a decided value (see src/sql/conditional.ts). */
import { expect, test } from 'vitest';
import { isKeyColumn } from '../src/sql/index.js';

const keyLike = [
  'id', 'ID', 'product_id', 'customer_id', 'productId', 'orderID', 'userid', 'customerid', 'uuid', 'order_uuid', 'guid', 'pk',
  'key', 'meta_key', 'cacheKey', 'code', 'coupon_code', 'slug', 'email', 'username', 'token', 'reset_token', 'sku',
  'deleted_at', 'deleted', 'is_deleted', 'deletedAt', 'p.id', '$this->primarykey',
];
const notKeyLike = [
  'qty', 'quantity', 'stock', 'status', 'state', 'version', 'balance', 'used', 'used_at', 'paid', 'valid', 'invalid', 'bid',
  'expires_at', 'booked_by', 'subtract', 'order_status_id', 'status_code', 'price', 'monkey', '$field', 'name',
];

test.each(keyLike)('%s is key-like', (c) => expect(isKeyColumn(c)).toBe(true));
test.each(notKeyLike)('%s is not key-like', (c) => expect(isKeyColumn(c)).toBe(false));
