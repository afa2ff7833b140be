import { tryParseDuration } from '@orgo/domain';
import { Jexl } from 'jexl';

/** Fields an email rule may read (SPEC §5). Time rules may also read `task.*` and `task_unresolved_time`. */
export const EMAIL_FIELDS = [
  'subject', 'body', 'sender', 'sender_domain', 'mailbox', 'recipients', 'keywords', 'attachments',
  'has_attachments', 'organization', 'organization_type', 'auto_submitted', 'bulk', 'bounce', 'from_orgo',
] as const;
export const TIME_FIELDS = ['task', 'task_unresolved_time'] as const;

export const MAX_CONDITION_LENGTH = 2000;
const MAX_PATTERN_LENGTH = 200;
const MAX_INPUT = 20_000;
const FORBIDDEN_MEMBERS = new Set(['constructor', 'prototype', '__proto__', '__defineGetter__', '__lookupGetter__']);

const lower = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v);

function contains(left: unknown, right: unknown): boolean {
  const needle = lower(right);
  if (Array.isArray(left)) return left.some((item) => lower(item) === needle);
  if (typeof left === 'string' && typeof needle === 'string') return left.toLowerCase().includes(needle);
  return false;
}

function equals(left: unknown, right: unknown): boolean {
  if (typeof left === 'string' && typeof right === 'string') return left.toLowerCase() === right.toLowerCase();
  return left === right;
}

/** Numbers compare as numbers; a duration string (`'4 hours'`) facing a number compares as milliseconds. */
function comparable(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return tryParseDuration(value) ?? (value.trim() !== '' && !Number.isNaN(Number(value)) ? Number(value) : undefined);
  return undefined;
}

function compare(op: (a: number, b: number) => boolean) {
  return (left: unknown, right: unknown) => {
    const a = comparable(left);
    const b = comparable(right);
    return a !== undefined && b !== undefined && op(a, b);
  };
}

/** Patterns prone to catastrophic backtracking: a quantified group that itself contains a quantifier. */
export function regexProblem(pattern: string): string | null {
  if (pattern.length > MAX_PATTERN_LENGTH) return `a regular expression of at most ${MAX_PATTERN_LENGTH} characters`;
  if (/\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)\s*[+*{]/.test(pattern)) return 'a regular expression without nested quantifiers such as (a+)+';
  if (/\\[1-9]/.test(pattern)) return 'a regular expression without back-references';
  try {
    new RegExp(pattern, 'i');
  } catch (error) {
    return `a valid regular expression (${(error as Error).message})`;
  }
  return null;
}

const regexCache = new Map<string, RegExp | null>();
function matches(left: unknown, right: unknown): boolean {
  if (typeof right !== 'string') return false;
  let regex = regexCache.get(right);
  if (regex === undefined) {
    regex = regexProblem(right) ? null : new RegExp(right, 'i');
    if (regexCache.size > 1000) regexCache.clear();
    regexCache.set(right, regex);
  }
  if (!regex) return false;
  const values = Array.isArray(left) ? left : [left];
  return values.some((v) => typeof v === 'string' && regex.test(v.slice(0, MAX_INPUT)));
}

/**
 * The expression language of rule conditions: jexl (no `eval`, no access outside the context) with
 * the seed's operators — `==` and `!=` (case-insensitive for text), `contains` (substring, or
 * membership in a list), `matches` (bounded regular expressions), `in`, `<` `>` `<=` `>=` on numbers
 * and durations, `and`, `or`, `not`, parentheses. `and` binds tighter than `or`; `not` applies to the
 * comparison after it (`not subject contains 'x'`).
 */
export interface ConditionLanguage {
  compile(expression: string): { evalSync(context: object): unknown; _getAst(): unknown };
}

/** The subset of jexl's API used here (its published typings predate `addBinaryOp`'s fourth argument). */
interface JexlGrammarApi {
  addBinaryOp(operator: string, precedence: number, fn: (...args: never[]) => unknown, manualEval?: boolean): void;
  addUnaryOp(operator: string, fn: (value: unknown) => unknown): void;
  _grammar: { elements: Record<string, { precedence: number }> };
}

export function createConditionLanguage(): ConditionLanguage {
  const instance = new Jexl();
  const jexl = instance as unknown as JexlGrammarApi;
  jexl.addBinaryOp('==', 20, equals);
  jexl.addBinaryOp('!=', 20, (l: unknown, r: unknown) => !equals(l, r));
  jexl.addBinaryOp('contains', 20, contains);
  jexl.addBinaryOp('matches', 20, matches);
  jexl.addBinaryOp('in', 20, (l: unknown, r: unknown) => contains(r, l));
  jexl.addBinaryOp('>', 20, compare((a, b) => a > b));
  jexl.addBinaryOp('<', 20, compare((a, b) => a < b));
  jexl.addBinaryOp('>=', 20, compare((a, b) => a >= b));
  jexl.addBinaryOp('<=', 20, compare((a, b) => a <= b));
  type Lazy = { eval(): { then(fn: (v: unknown) => unknown): unknown } };
  const and = (l: Lazy, r: Lazy) => l.eval().then((v) => (v ? r.eval() : v));
  const or = (l: Lazy, r: Lazy) => l.eval().then((v) => (v ? v : r.eval()));
  jexl.addBinaryOp('and', 10, and as never, true);
  jexl.addBinaryOp('&&', 10, and as never, true);
  jexl.addBinaryOp('or', 5, or as never, true);
  jexl.addBinaryOp('||', 5, or as never, true);
  jexl.addUnaryOp('not', (v: unknown) => !v);
  // jexl gives unary operators the highest precedence; `not` is made to apply to a whole comparison
  // (looser than `contains`, tighter than `and`) so that `not subject contains 'x'` reads as written.
  jexl._grammar.elements.not.precedence = 15;
  return instance as unknown as ConditionLanguage;
}

interface AstNode {
  type: string;
  value?: unknown;
  operator?: string;
  name?: string;
  from?: AstNode;
  left?: AstNode;
  right?: AstNode;
  test?: AstNode;
  consequent?: AstNode;
  alternate?: AstNode;
}

/**
 * Checks a compiled condition's tree: only the allowed fields at the root, no prototype members,
 * no function calls or filters, `matches` only with a safe literal pattern. Returns the problems.
 */
export function conditionProblems(ast: AstNode, allowed: readonly string[]): string[] {
  const problems: string[] = [];
  const visit = (node: AstNode | undefined): void => {
    if (!node) return;
    switch (node.type) {
      case 'Identifier': {
        const name = String(node.value);
        if (node.from) {
          if (FORBIDDEN_MEMBERS.has(name)) problems.push(`'${name}' may not be read`);
          visit(node.from);
        } else if (!allowed.includes(name)) {
          problems.push(`unknown field '${name}' (fields: ${allowed.join(', ')})`);
        }
        return;
      }
      case 'Literal':
        return;
      case 'ArrayLiteral':
        (node.value as AstNode[]).forEach(visit);
        return;
      case 'BinaryExpression':
        if (node.operator === 'matches' && node.right?.type === 'Literal' && typeof node.right.value === 'string') {
          const problem = regexProblem(node.right.value);
          if (problem) problems.push(`'matches' needs ${problem}`);
        }
        visit(node.left);
        visit(node.right);
        return;
      case 'UnaryExpression':
        visit(node.right);
        return;
      case 'ConditionalExpression':
        visit(node.test);
        visit(node.consequent);
        visit(node.alternate);
        return;
      default:
        problems.push(`${node.type === 'FunctionCall' ? 'function calls and transforms' : `'${node.type}' expressions`} are not allowed`);
    }
  };
  visit(ast);
  return problems;
}
