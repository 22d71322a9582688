import { UserError } from '../errors.ts';

/** Largest list file we accept: reading lists are a few KiB; anything this big is a mistake. */
export const MAX_LIST_BYTES = 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Checks size, binary content and encoding, and returns the markdown as a string without a BOM. */
export default function decodeListInput(input: string | Buffer | Uint8Array, name = 'the list'): string {
  const bytes = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
  if (bytes > MAX_LIST_BYTES) {
    throw new UserError('list-too-large', `${name} is ${(bytes / 1024 / 1024).toFixed(1)} MiB; a reading list must be at most 1 MiB`);
  }
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    if (looksBinary(input)) throw new UserError('list-binary', `${name} is a binary file, not a markdown list`);
    try {
      text = utf8.decode(input);
    } catch {
      throw new UserError('list-not-utf8', `${name} is not valid UTF-8 text; save it as UTF-8 and try again`);
    }
  }
  if (looksBinaryText(text)) throw new UserError('list-binary', `${name} is a binary file, not a markdown list`);
  return text.replace(/^\uFEFF/, '');
}

// NUL bytes never occur in text; many other control bytes mean a binary format.
function looksBinary(buf: Uint8Array): boolean {
  const n = Math.min(buf.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = buf[i]!;
    if (b === 0) return true;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  return n > 0 && control / n > 0.1;
}

function looksBinaryText(text: string): boolean {
  const head = text.slice(0, 8192);
  if (head.includes('\u0000')) return true;
  const control = head.match(/[\u0001-\u0008\u000e-\u001f]/g)?.length ?? 0;
  return head.length > 0 && control / head.length > 0.1;
}
