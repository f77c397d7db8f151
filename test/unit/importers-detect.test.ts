import { describe, expect, it } from 'vitest';
import { detectImporter, importers } from '../../src/main/core/importers';
import { makeEdf, makeWav } from '../fixtures/file-builders';
import { parseText } from './helpers/parse-temp';

const wav = makeWav({ channels: [[0, 0.5, -0.5]], rate: 100 });
const edf = makeEdf({ records: 1, duration: 1, signals: [{ label: 'A', physMin: -1, physMax: 1, digMin: -10, digMax: 10, samplesPerRecord: 3 }] });
const ts = Buffer.from('#x\n@problemName P\n@classLabel true a\n@data\n1,2:a\n');
const csv = Buffer.from('t,a\n0,1\n1,2\n');

describe('importer detection', () => {
  it('lists the four importers', () => {
    expect(importers.map((i) => i.id).sort()).toEqual(['csv', 'edf', 'ucr-ts', 'wav']);
  });

  it.each([
    ['a.wav', wav, 'wav'],
    ['a.edf', edf, 'edf'],
    ['a.ts', ts, 'ucr-ts'],
    ['a.csv', csv, 'csv']
  ])('detects %s by content', (name, head, id) => {
    expect(detectImporter(name, head).id).toBe(id);
  });

  it('goes by content, not by a misleading extension', async () => {
    expect(detectImporter('really-a-wav.csv', wav).id).toBe('wav');
    expect(detectImporter('really-edf.txt', edf).id).toBe('edf');
    expect(detectImporter('really-ts.csv', ts).id).toBe('ucr-ts');
    expect(detectImporter('really-csv.wav', csv).id).toBe('csv');
    expect(detectImporter('plain-table.ts', csv).id).toBe('csv');
    const p = await parseText('song.csv', wav);
    expect(p.importer).toBe('wav');
    expect(p.sink.recordings[0].length).toBe(3);
  });

  it('names the file and the offending byte when nothing fits', () => {
    const garbage = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x11]);
    expect(() => detectImporter('/x/archive.csv', garbage)).toThrow(/^archive\.csv byte 2: unrecognised format: .* byte 2 is 0x03, a binary control byte/);
    expect(() => detectImporter('/x/empty.csv', Buffer.alloc(0))).toThrow('empty.csv byte 0: the file is empty');
    expect(() => detectImporter('/x/u16.csv', Buffer.from('\ufefft,a', 'utf16le'))).toThrow(/u16\.csv byte 0: the file is UTF-16 text/);
  });
});
