// Is the head of a file text? Text here means no NUL and no control bytes other than tab, line feed,
// carriage return, form feed and a DOS end-of-file mark (0x1A). Latin-1 and UTF-8 bytes are fine.

/** Offset of the first byte that makes the head binary, or -1 when it looks like text. */
export function firstBinaryByte(head: Uint8Array): number {
  for (let i = 0; i < head.length; i++) {
    const c = head[i];
    if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12 && c !== 26) return i;
    if (c === 127) return i;
  }
  return -1;
}

export function looksLikeText(head: Uint8Array): boolean {
  return head.length > 0 && firstBinaryByte(head) < 0;
}

/** UTF-16 text starts with a byte-order mark FF FE or FE FF. */
export function isUtf16(head: Uint8Array): boolean {
  return head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff));
}
