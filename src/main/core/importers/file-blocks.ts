// Streaming file access for the parsers: positioned reads for binary formats, and a text reader that
// hands out blocks of whole lines (1-4 MiB) without ever holding more than a block plus one line.
import { open, type FileHandle } from 'node:fs/promises';

export const BLOCK_BYTES = 4 * 1024 * 1024;
/** Longest text line accepted (a line longer than this is an error, not an allocation). */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;

/** A file opened for positioned reads. Close it in a finally. */
export class BinaryFile {
  private constructor(
    private readonly fh: FileHandle,
    readonly size: number
  ) {}

  static async open(path: string): Promise<BinaryFile> {
    const fh = await open(path, 'r');
    try {
      const st = await fh.stat();
      return new BinaryFile(fh, st.size);
    } catch (err) {
      await fh.close();
      throw err;
    }
  }

  /** Reads up to `length` bytes at `pos` into `into` (or a new buffer); fewer only at end of file. */
  async readAt(pos: number, length: number, into?: Buffer): Promise<Buffer> {
    const buf = into && into.length >= length ? into : Buffer.alloc(length);
    let got = 0;
    while (got < length) {
      const { bytesRead } = await this.fh.read(buf, got, length - got, pos + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return buf.subarray(0, got);
  }

  async close(): Promise<void> {
    await this.fh.close();
  }
}

export interface LineBlock {
  /**
   * buf[0..end) holds whole lines and always ends with a line break byte: at the end of a file without
   * a final break, a \n is added after the data (so end may exceed the file's bytes by one).
   */
  buf: Buffer;
  end: number;
  /** File offset of buf[0]. */
  fileOffset: number;
  eof: boolean;
}

/** Thrown by TextBlocks when one line exceeds MAX_LINE_BYTES; the caller knows the line number. */
export class LineTooLong extends Error {
  constructor(readonly fileOffset: number) {
    super('line too long');
  }
}

/**
 * Reads a text file as blocks of whole lines. A block ends after the last \n of the buffer, or after the
 * last \r when that is not the final byte read (so a \r\n pair is never split across blocks).
 */
export class TextBlocks {
  private buf: Buffer;
  private have = 0;
  private cut = 0;
  private fileOffset = 0;
  private readPos: number;
  private eof = false;

  constructor(
    private readonly file: BinaryFile,
    startAt = 0,
    blockBytes = BLOCK_BYTES
  ) {
    this.buf = Buffer.alloc(blockBytes);
    this.readPos = startAt;
    this.fileOffset = startAt;
  }

  /** Bytes of the file consumed so far (handed out in blocks). */
  get bytesDone(): number {
    return this.fileOffset;
  }

  async next(): Promise<LineBlock | null> {
    if (this.cut > 0) {
      this.buf.copyWithin(0, this.cut, this.have);
      this.have -= this.cut;
      this.fileOffset += this.cut;
      this.cut = 0;
    }
    if (this.eof && this.have === 0) return null;
    for (;;) {
      if (!this.eof && this.have < this.buf.length) {
        const got = await this.file.readAt(this.readPos, this.buf.length - this.have, this.buf.subarray(this.have));
        this.have += got.length;
        this.readPos += got.length;
        if (got.length === 0 || this.readPos >= this.file.size) this.eof = true;
      }
      const cut = this.eof ? this.have : findCut(this.buf, this.have);
      if (cut > 0) {
        this.cut = cut;
        let end = cut;
        const last = this.buf[cut - 1];
        if (this.eof && last !== 10 && last !== 13) {
          // The last line has no break: add one after the data, so every block ends with a line break.
          if (this.have === this.buf.length) this.grow();
          this.buf[this.have] = 10;
          end = cut + 1;
        }
        return { buf: this.buf, end, fileOffset: this.fileOffset, eof: this.eof && cut === this.have };
      }
      if (this.eof) return null;
      if (this.have === this.buf.length) {
        if (this.buf.length >= MAX_LINE_BYTES) throw new LineTooLong(this.fileOffset);
        this.grow();
      }
    }
  }

  private grow(): void {
    const bigger = Buffer.alloc(Math.min(this.buf.length * 2, MAX_LINE_BYTES + 1));
    this.buf.copy(bigger, 0, 0, this.have);
    this.buf = bigger;
  }
}

function findCut(buf: Buffer, have: number): number {
  for (let i = have - 1; i >= 0; i--) {
    const c = buf[i];
    if (c === 10) return i + 1;
    if (c === 13 && i < have - 1) return i + 1;
  }
  return 0;
}
