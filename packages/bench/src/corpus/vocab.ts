/** The business vocabulary the generated applications are written in. */

export interface Entity {
  /** snake_case singular, also the table name: `gift_card`. */
  table: string;
  /** `GiftCard`. */
  Name: string;
  /** `GiftCards`. */
  Plural: string;
  /** `gift_card_id`. */
  id: string;
  /** A counter the business checks before writing (stock, balance, seats). */
  counter: string;
  /** A status column with its values. */
  status: string;
  statuses: readonly string[];
  /** Other columns. */
  columns: readonly string[];
}

function entity(table: string, counter: string, status: string, statuses: string[], columns: string[]): Entity {
  const Name = table
    .split('_')
    .map((p) => p[0].toUpperCase() + p.slice(1))
    .join('');
  const Plural = Name.endsWith('y') ? `${Name.slice(0, -1)}ies` : Name.endsWith('s') ? `${Name}es` : `${Name}s`;
  return { table, Name, Plural, id: `${table}_id`, counter, status, statuses, columns };
}

export const ENTITIES: readonly Entity[] = [
  entity('product', 'quantity', 'status', ['0', '1'], ['model', 'sku', 'price', 'weight', 'sort_order', 'date_added']),
  entity('coupon', 'uses_remaining', 'status', ['active', 'expired'], ['code', 'discount', 'date_start', 'date_end', 'total']),
  entity('gift_card', 'balance', 'state', ['issued', 'redeemed', 'void'], ['code', 'currency', 'customer_id', 'date_added']),
  entity('voucher', 'amount', 'status', ['0', '1'], ['code', 'from_name', 'to_name', 'to_email', 'message']),
  entity('seat', 'available', 'state', ['free', 'held', 'sold'], ['row_label', 'number', 'event_id', 'price']),
  entity('ticket', 'remaining', 'status', ['open', 'closed'], ['title', 'event_id', 'price', 'sales_end']),
  entity('booking', 'guests', 'status', ['pending', 'confirmed', 'cancelled'], ['customer_id', 'room_id', 'check_in', 'check_out']),
  entity('subscription', 'credits', 'status', ['trial', 'active', 'cancelled'], ['customer_id', 'plan', 'renews_at', 'created_at']),
  entity('wallet', 'balance', 'status', ['open', 'frozen'], ['customer_id', 'currency', 'updated_at']),
  entity('inventory_item', 'on_hand', 'status', ['in_stock', 'backorder'], ['warehouse_id', 'product_id', 'bin', 'updated_at']),
  entity('order', 'total', 'order_status_id', ['1', '2', '5'], ['customer_id', 'invoice_no', 'payment_method', 'date_added']),
  entity('cart', 'quantity', 'status', ['open', 'ordered'], ['customer_id', 'session_id', 'product_id', 'date_added']),
  entity('review', 'rating', 'status', ['0', '1'], ['product_id', 'customer_id', 'author', 'text', 'date_added']),
  entity('customer', 'reward_points', 'status', ['0', '1'], ['firstname', 'lastname', 'email', 'telephone', 'date_added']),
  entity('category', 'sort_order', 'status', ['0', '1'], ['parent_id', 'image', 'top', 'column', 'date_modified']),
  entity('shipment', 'packages', 'state', ['created', 'shipped', 'delivered'], ['order_id', 'carrier', 'tracking_no', 'shipped_at']),
  entity('invoice', 'amount_due', 'status', ['draft', 'sent', 'paid'], ['order_id', 'number', 'due_date', 'currency']),
  entity('return_request', 'quantity', 'status', ['requested', 'approved', 'refunded'], ['order_id', 'product_id', 'reason', 'date_added']),
  entity('loyalty_account', 'points', 'tier', ['bronze', 'silver', 'gold'], ['customer_id', 'joined_at', 'expires_at']),
  entity('download', 'remaining', 'status', ['0', '1'], ['filename', 'mask', 'order_id', 'date_added']),
  entity('newsletter', 'sends', 'status', ['subscribed', 'unsubscribed'], ['email', 'list_id', 'confirmed_at', 'source']),
  entity('warehouse_slot', 'capacity', 'state', ['free', 'reserved'], ['warehouse_id', 'aisle', 'level', 'updated_at']),
];

export const AREAS: readonly string[] = ['catalog', 'checkout', 'account', 'sale', 'marketing', 'extension', 'localisation', 'report', 'tool', 'design'];

export const WORDS: readonly string[] = [
  'total', 'amount', 'items', 'result', 'filter', 'status', 'config', 'settings', 'value', 'label', 'title', 'message',
  'options', 'record', 'entry', 'payload', 'summary', 'details', 'response', 'request', 'context', 'params', 'state', 'data',
];

export const VERBS: readonly string[] = ['format', 'build', 'parse', 'normalize', 'validate', 'compute', 'render', 'resolve', 'collect', 'merge', 'apply', 'map'];

export const COMMENTS: readonly string[] = [
  'Keep the previous behaviour for old installations.',
  'The values come from the admin form; they were validated above.',
  'Sorting is done in PHP because the list is short.',
  'This mirrors what the storefront shows to the customer.',
  'Guests have no customer id: fall back to the session.',
  'See the changelog for why this moved here.',
  'Cache for an hour; the nightly job clears it.',
  'Legacy: some rows still have an empty code.',
  'Currency conversion happens later, in the totals step.',
  'Do not translate the keys, only the labels.',
];

export function camel(snake: string): string {
  return snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}
