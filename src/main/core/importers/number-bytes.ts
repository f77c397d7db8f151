// Decimal numbers straight from bytes, without building strings: the hot path of the text parsers.
// parseNum() reads `[spaces][+-]digits[.digits][(e|E)[+-]digits]` and reports where it stopped and
// whether the result is exactly what Number() would give (Clinger's fast path: an integer mantissa
// up to 2^53 scaled by an exact power of ten, 10^0..10^22). Inexact results are within ~1e-13 relative;
// callers storing float32 accept them when rounding to float32 is unambiguous (f32Certain) and fall
// back to Number() on the text otherwise, so values always equal Math.fround(Number(text)).
// More than 200 digits give NaN (inexact), which sends callers to Number() as well.

/** Where parseNum stopped, whether it saw digits, and whether the value is exact. */
export const scan = { end: 0, digits: false, exact: true };

const MAX_EXACT = 9007199254740992; // 2^53
const POW10: number[] = [];
for (let k = 0; k <= 308; k++) POW10.push(Number(`1e${k}`));

/** Scales an integer mantissa by 10^exp (exp may be far outside the double range). */
function scale(m: number, exp: number): number {
  if (m === 0) return 0;
  if (exp >= 0) {
    if (exp <= 308) return m * POW10[exp];
    return exp > 616 ? Infinity : m * POW10[308] * POW10[exp - 308];
  }
  const e = -exp;
  if (e <= 308) return m / POW10[e];
  return e > 680 ? 0 : m / POW10[308] / POW10[Math.min(e - 308, 308)];
}

/**
 * Parses a number starting at buf[pos]. Precondition (no bounds checks, for speed): a byte that is not
 * a digit, sign, point, 'e' or space follows before the end of buf, e.g. the line break that ends every
 * TextBlocks block. `decComma` makes ',' the decimal separator instead of '.'.
 * Leading and trailing spaces are consumed (tabs are not: they may be the delimiter). scan.digits=false when no digit was read.
 */
export function parseNum(buf: Uint8Array, pos: number, decComma: boolean): number {
  let i = pos;
  let c = buf[i];
  while (c === 32) c = buf[++i];
  let neg = false;
  if (c === 45 || c === 43) {
    neg = c === 45;
    c = buf[++i];
  }
  const point = decComma ? 44 : 46;
  // All digits go into m (exact while m <= 2^53; beyond, each digit adds at most one rounding).
  let m = 0;
  const intStart = i;
  while (c >= 48 && c <= 57) {
    m = m * 10 + (c - 48);
    c = buf[++i];
  }
  let digits = i - intStart;
  let frac = 0;
  if (c === point) {
    c = buf[++i];
    const fracStart = i;
    while (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      c = buf[++i];
    }
    frac = i - fracStart;
    digits += frac;
  }
  const any = digits > 0;
  let exp = -frac;
  if (any && (c === 101 || c === 69)) {
    let j = i + 1;
    let d = buf[j];
    let eneg = false;
    if (d === 45 || d === 43) {
      eneg = d === 45;
      d = buf[++j];
    }
    if (d >= 48 && d <= 57) {
      let e = 0;
      while (d >= 48 && d <= 57) {
        if (e < 100000) e = e * 10 + (d - 48);
        d = buf[++j];
      }
      exp += eneg ? -e : e;
      i = j;
      c = d;
    }
  }
  while (c === 32) c = buf[++i];
  scan.end = i;
  scan.digits = any;
  if (!any) {
    scan.exact = false;
    return NaN;
  }
  // Very long digit strings accumulate too much rounding: NaN sends the caller to Number().
  if (digits > 200) {
    scan.exact = false;
    return NaN;
  }
  const inexact = m > MAX_EXACT || exp > 22 || exp < -22;
  scan.exact = !inexact;
  const v = scale(m, exp);
  return neg ? -v : v;
}

/** True when every value within ~1e-12 relative of v rounds to the same float32 (so v's rounding is certain). */
export function f32Certain(v: number): boolean {
  return Math.fround(v * (1 - 1e-12)) === Math.fround(v * (1 + 1e-12));
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NAN_WORDS = new Set(['', 'nan', '-nan', '+nan', 'na', 'n/a', 'null', 'none', '#n/a', '?']);
const INF_WORDS = new Map<string, number>([
  ['inf', Infinity],
  ['+inf', Infinity],
  ['-inf', -Infinity],
  ['infinity', Infinity],
  ['+infinity', Infinity],
  ['-infinity', -Infinity]
]);

/**
 * The careful parse of one field's text: empty and NaN-like words give NaN, inf words give ±Infinity
 * (kind 'inf'), decimal numbers give Number(text) (with ',' as the point when `decComma`), anything
 * else gives kind 'bad'. Numbers too large for a double come back as ±Infinity with kind 'overflow'.
 */
export function slowNumber(text: string, decComma: boolean): { value: number; kind: 'num' | 'nan' | 'inf' | 'overflow' | 'bad' } {
  const t = text.trim();
  const lower = t.toLowerCase();
  if (NAN_WORDS.has(lower)) return { value: NaN, kind: 'nan' };
  const inf = INF_WORDS.get(lower);
  if (inf !== undefined) return { value: inf, kind: 'inf' };
  const s = decComma ? t.replace(',', '.') : t;
  if (!DECIMAL.test(s)) return { value: NaN, kind: 'bad' };
  const v = Number(s);
  return Number.isFinite(v) ? { value: v, kind: 'num' } : { value: v, kind: 'overflow' };
}

/** Latin-1 view of bytes (for fallbacks and messages). */
export function latin1(buf: Uint8Array, start: number, end: number): string {
  return Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('latin1');
}
