import { describe, expect, it } from 'vitest';
import { chunk, makeWav } from '../fixtures/file-builders';
import { parseError, parseText } from './helpers/parse-temp';

const ramp = (n: number, scale = 1) => Array.from({ length: n }, (_, i) => ((i % 16) - 8) / 8 * scale * 0.99);

describe('WAV importer', () => {
  it.each([
    ['8-bit unsigned', 'int', 8, 1 / 128],
    ['16-bit', 'int', 16, 1 / 32768],
    ['24-bit', 'int', 24, 1 / 8388608],
    ['32-bit int', 'int', 32, 1 / 2147483648],
    ['32-bit float', 'float', 32, 0],
    ['64-bit float', 'float', 64, 0]
  ] as const)('decodes %s PCM to [-1, 1) per channel', async (_name, kind, bits, quantum) => {
    const a = ramp(40);
    const b = ramp(40, -0.5);
    const p = await parseText('w.wav', makeWav({ channels: [a, b], rate: 8000, kind, bits }));
    const r = p.sink.recordings[0];
    expect(p.importer).toBe('wav');
    expect(r.meta).toMatchObject({ name: 'w', sampleRate: 8000, channels: [{ name: 'ch1', unit: '' }, { name: 'ch2', unit: '' }] });
    expect(r.length).toBe(40);
    const tol = Math.max(quantum, 1e-7);
    Array.from(p.sink.channel(0, 0)).forEach((v, i) => expect(Math.abs(v - a[i])).toBeLessThanOrEqual(tol));
    Array.from(p.sink.channel(0, 1)).forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThanOrEqual(tol));
    expect(r.warnings).toEqual([]);
  });

  it('reads WAVE_FORMAT_EXTENSIBLE and names channels from the channel mask', async () => {
    const chans = [ramp(10), ramp(10, 0.5), ramp(10, 0.25)];
    const p = await parseText('ext.wav', makeWav({ channels: chans, rate: 48000, bits: 24, extensible: true, channelMask: 0x7 }));
    expect(p.sink.recordings[0].meta.channels.map((c) => c.name)).toEqual(['FL', 'FR', 'FC']);
    expect(p.sink.channel(0, 2)[3]).toBeCloseTo(chans[2][3], 6);
    const f = await parseText('extf.wav', makeWav({ channels: [ramp(5)], rate: 100, kind: 'float', bits: 32, extensible: true }));
    expect(Array.from(f.sink.channel(0, 0))).toEqual(ramp(5).map(Math.fround));
  });

  it('skips unknown chunks, odd-sized ones with their pad byte', async () => {
    const p = await parseText('odd.wav', makeWav({ channels: [ramp(12)], rate: 1000, extraChunks: [{ id: 'LIST', data: Buffer.from('abc') }, { id: 'junk', data: Buffer.alloc(7) }] }));
    expect(p.sink.recordings[0].length).toBe(12);
  });

  it('imports the whole frames of a data chunk cut by the end of the file, with a warning', async () => {
    const full = makeWav({ channels: [ramp(100), ramp(100)], rate: 1000 });
    const p = await parseText('cut.wav', full.subarray(0, full.length - 7));
    const r = p.sink.recordings[0];
    expect(r.length).toBe(98);
    expect(r.warnings.join()).toMatch(/the file ends inside the data chunk: 393 of 400 bytes are present; the 98 complete frames/);
  });

  it('reads to the end when the data size is 0 (unfinished header), with a warning', async () => {
    const p = await parseText('zero.wav', makeWav({ channels: [ramp(20)], rate: 1000, dataSize: 0 }));
    expect(p.sink.recordings[0].length).toBe(20);
    expect(p.sink.recordings[0].warnings.join()).toMatch(/data chunk size is 0/);
  });

  it('warns when the byte rate contradicts rate × block align', async () => {
    const p = await parseText('br.wav', makeWav({ channels: [ramp(20)], rate: 1000, byteRate: 1234 }));
    expect(p.sink.recordings[0].meta.sampleRate).toBe(1000);
    expect(p.sink.recordings[0].warnings.join()).toMatch(/byte rate 1234 is not sample rate × block align \(2000\)/);
  });

  it.each([
    ['RIFX', { riffId: 'RIFX' }, /^x\.wav byte 0: big-endian RIFX/],
    ['RF64', { riffId: 'RF64' }, /^x\.wav byte 0: RF64 WAV files .* not supported/],
    ['AVI', { formId: 'AVI ' }, /^x\.wav byte 8: RIFF file of type "AVI ", not WAVE/],
    ['µ-law', { tag: 7, bits: 8 }, /^x\.wav byte 20: format tag 0x0007 \(µ-law\) is not supported/],
    ['block align', { blockAlign: 3 }, /block align 3 does not fit 2 channels/],
    ['12-bit in 1 byte', { bits: 16, blockAlign: 2 }, /16-bit integer samples in 1-byte slots/]
  ])('refuses %s with a message naming the byte', async (_n, spec, re) => {
    const e = await parseError('x.wav', makeWav({ channels: [ramp(4), ramp(4)], rate: 100, ...spec }));
    expect(e.code).toBe('INVALID_FILE');
    expect(e.message).toMatch(re);
  });

  it('refuses a file that ends inside the fmt chunk or before any data chunk', async () => {
    const w = makeWav({ channels: [ramp(4)], rate: 100 });
    expect((await parseError('f.wav', w.subarray(0, 30))).message).toMatch(/^f\.wav byte 30: the file ends inside the fmt chunk/);
    expect((await parseError('g.wav', w.subarray(0, 36))).message).toMatch(/^g\.wav byte 36: the file ends at byte 36 without a data chunk/);
    const noFmt = Buffer.concat([Buffer.from('RIFF\x00\x00\x00\x00WAVE', 'latin1'), chunk('data', Buffer.alloc(8))]);
    expect((await parseError('h.wav', noFmt)).message).toMatch(/data chunk comes before any fmt chunk/);
  });
});
