// The `@` header of sktime/aeon `.ts` files (UCR/UEA archives): `#` comment lines, then lines like
// `@problemName X`, `@timeStamps false`, `@missing false`, `@univariate true`, `@dimensions 6`,
// `@equalLength true`, `@seriesLength 100`, `@classLabel true a b c`, `@targetLabel false`, then `@data`.
// Older headers omit some lines; unknown `@` lines are ignored.
import { looksLikeText } from './text-sniff';

export interface TsHeader {
  problemName: string | null;
  /** Declared class labels; null when @classLabel is false or missing. */
  classLabels: string[] | null;
  /** True when @classLabel was declared at all (true or false). */
  classLabelDeclared: boolean;
  dimensions: number | null;
  univariate: boolean | null;
  equalLength: boolean | null;
  seriesLength: number | null;
}

export function emptyHeader(): TsHeader {
  return {
    problemName: null,
    classLabels: null,
    classLabelDeclared: false,
    dimensions: null,
    univariate: null,
    equalLength: null,
    seriesLength: null
  };
}

/**
 * Applies one `@` line to the header. Returns 'data' for `@data`, an error text for a line that cannot be
 * imported (timestamped or regression files, bad numbers), or null.
 */
export function applyHeaderLine(h: TsHeader, line: string): 'data' | string | null {
  const m = /^@(\S+)\s*(.*)$/.exec(line.trim());
  if (!m) return `cannot read the header line ${JSON.stringify(line.slice(0, 60))}`;
  const key = m[1].toLowerCase();
  const words = m[2].trim().split(/\s+/).filter((w) => w !== '');
  const flag = words[0]?.toLowerCase();
  const bool = (): boolean | string => (flag === 'true' ? true : flag === 'false' ? false : `@${m[1]} must be true or false, not ${JSON.stringify(words[0] ?? '')}`);
  switch (key) {
    case 'data':
      return 'data';
    case 'problemname':
      h.problemName = m[2].trim() || null;
      return null;
    case 'timestamps': {
      const b = bool();
      if (typeof b === 'string') return b;
      return b ? 'timestamped .ts files (@timeStamps true) are not supported' : null;
    }
    case 'targetlabel': {
      const b = bool();
      if (typeof b === 'string') return b;
      return b ? 'regression .ts files (@targetLabel true) are not supported; only class labels are' : null;
    }
    case 'classlabel': {
      const b = bool();
      if (typeof b === 'string') return b;
      h.classLabelDeclared = true;
      const labels = b ? words.slice(1) : null;
      h.classLabels = labels;
      if (labels && labels.length === 0) return '@classLabel true lists no labels';
      return null;
    }
    case 'univariate':
    case 'equallength':
    case 'missing': {
      const b = bool();
      if (typeof b === 'string') return b;
      if (key === 'univariate') h.univariate = b;
      if (key === 'equallength') h.equalLength = b;
      return null;
    }
    case 'dimensions':
    case 'serieslength': {
      const n = Number(words[0]);
      if (!Number.isInteger(n) || n < 1) return `@${m[1]} must be a positive integer, not ${JSON.stringify(words[0] ?? '')}`;
      if (key === 'dimensions') h.dimensions = n;
      else h.seriesLength = n;
      return null;
    }
    default:
      return null;
  }
}

/** A `.ts` file: text whose first line that is neither blank nor a `#` comment is an `@` header line. */
export function isUcrTsHead(head: Buffer): boolean {
  if (!looksLikeText(head)) return false;
  const text = head.toString('latin1', head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0);
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    return /^@(problemName|timeStamps|missing|univariate|dimensions|equalLength|seriesLength|classLabel|targetLabel|data)\b/i.test(line);
  }
  return false;
}
