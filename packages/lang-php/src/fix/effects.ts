/**
 * Does PHP code between two points do anything besides computing local values? Calls (other than
 * pure built-ins), `new`, output, and writes to properties, array slots or globals count; the bodies
 * of exit guards do not, since they only run when the function leaves.
 */
import { childNodes, is, type PhpNode } from '../ast.js';
import { definitelyExits } from './guards.js';
import { end, isFunctionLike, start } from './tree.js';

const PURE = /^(intval|floatval|boolval|strval|round|floor|ceil|abs|min|max|strlen|mb_strlen|strtolower|strtoupper|mb_strtolower|trim|rtrim|ltrim|count|in_array|array_key_exists|is_null|is_numeric|is_int|is_string|is_array|sprintf|number_format|time|date|sha1|md5|json_encode|implode|explode|str_contains|str_starts_with|str_ends_with|substr|bin2hex|random_bytes)$/i;

/** Methods that prepare a statement or read what a query returned: no change to any data. */
const READING_METHODS = /^(prepare|bind_param|bindValue|bindParam|fetch|fetchColumn|fetchAll|fetchObject|fetch_assoc|fetch_object|fetch_array|fetch_row|get_result|rowCount|fetchAssociative|fetchOne)$/i;

function isPureCall(n: PhpNode): boolean {
  if (!is(n, 'call')) return false;
  if (is(n.what, 'name')) return PURE.test(n.what.name.replace(/^.*\\/, ''));
  return (is(n.what, 'propertylookup') || is(n.what, 'nullsafepropertylookup')) && is(n.what.offset, 'identifier') && READING_METHODS.test(n.what.offset.name);
}

function isEffect(n: PhpNode): boolean {
  switch (n.kind) {
    case 'call':
      return !isPureCall(n);
    case 'new':
    case 'echo':
    case 'print':
    case 'include':
    case 'yield':
    case 'yieldfrom':
    case 'global':
      return true;
    case 'assign':
    case 'assignref':
      return is(n, 'assign') ? !is(n.left, 'variable') && !is(n.left, 'list') && !is(n.left, 'array') : true;
    case 'post':
    case 'pre':
      return !is((n as unknown as { what: PhpNode }).what, 'variable');
    default:
      return false;
  }
}

export function hasEffects(fn: PhpNode, from: number, to: number): boolean {
  const stack: PhpNode[] = [fn];
  while (stack.length) {
    const n = stack.pop()!;
    if (end(n) <= from || start(n) >= to) continue;
    if (n !== fn && isFunctionLike(n)) continue;
    if (start(n) >= from && end(n) <= to && isEffect(n)) return true;
    if (is(n, 'if') && !n.alternate && definitelyExits(n.body)) {
      stack.push(n.test);
      continue;
    }
    stack.push(...childNodes(n));
  }
  return false;
}
