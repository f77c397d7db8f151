import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BinaryFile, TextBlocks } from '../../src/main/core/importers/file-blocks';
import { sniffDialect } from '../../src/main/core/importers/csv-dialect';
import { RowParser } from '../../src/main/core/importers/csv-rows';
import { writeTemp } from './helpers/parse-temp';

async function blocksOf(path: string, blockBytes: number): Promise<Buffer[]> {
  const f = await BinaryFile.open(path);
  try {
    const tb = new TextBlocks(f, 0, blockBytes);
    const out: Buffer[] = [];
    for (let b = await tb.next(); b; b = await tb.next()) out.push(Buffer.from(b.buf.subarray(0, b.end)));
    return out;
  } finally {
    await f.close();
  }
}

describe('text blocks', () => {
  it('hands out whole lines ending in a line break, never splitting \\r\\n, with a break added at EOF', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.string({ maxLength: 12 }).map((s) => s.replace(/[\r\n]/g, 'x')), fc.constantFrom('\n', '\r\n', '\r')), { minLength: 1, maxLength: 30 }),
        fc.boolean(),
        fc.integer({ min: 4, max: 64 }),
        async (lines, finalBreak, blockBytes) => {
          let text = lines.map(([l, e]) => l + e).join('');
          if (!finalBreak) text = text.replace(/(\r\n|\r|\n)$/, '') + 'end';
          const path = writeTemp('blocks.txt', text);
          const blocks = await blocksOf(path, blockBytes);
          for (const b of blocks) expect([10, 13]).toContain(b[b.length - 1]);
          for (let k = 1; k < blocks.length; k++) expect(blocks[k - 1][blocks[k - 1].length - 1] === 13 && blocks[k][0] === 10).toBe(false);
          const joined = Buffer.concat(blocks).toString('utf8');
          expect(joined).toBe(finalBreak ? text : `${text}\n`);
        }
      ),
      { numRuns: 150 }
    );
  });

  it('parses rows identically whatever the block size (tiny blocks force lines across reads)', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => `${i * 0.25},${(i * 1.7).toFixed(3)},"${-i}",${i % 7 === 0 ? 'nan' : i}`);
    const content = `t,a,b,c\r\n${rows.join('\r\n')}`;
    const path = writeTemp('rows.csv', content);
    const head = Buffer.from(content).subarray(0, 65536);
    const d = sniffDialect(path, head, true, { resample: false });
    const parseWith = async (blockBytes: number) => {
      const cols = d.channels.map(() => [] as number[]);
      const p = new RowParser(d, d.fieldNames, (n) => cols.forEach((c, k) => c.push(...p.cols[k].subarray(0, n))));
      const f = await BinaryFile.open(path);
      const tb = new TextBlocks(f, d.dataOffset, blockBytes);
      for (let b = await tb.next(); b; b = await tb.next()) p.parse(b.buf, b.end);
      p.finish();
      await f.close();
      return cols;
    };
    const big = await parseWith(1 << 20);
    expect(big[0]).toHaveLength(300);
    expect(big[1][3]).toBe(-3);
    for (const size of [16, 33, 64, 100]) expect(await parseWith(size)).toEqual(big);
  });
});
