import { UserError } from '../errors.ts';
import { charCount } from '../characters.ts';

/** Longest note we keep: Discord's modal allows 4,000 characters, so every platform gets the same limit. */
export const MAX_NOTE_CHARS = 4000;

/** Trims and checks a note body; throws a UserError saying what is wrong. */
export function checkNoteBody(body: string | undefined): string {
  const text = (body ?? '').replace(/\r\n/g, '\n').trim();
  if (!text) throw new UserError('empty-note', 'A note needs some text, e.g. /note lora "the rank ablation surprised me".');
  // Counted as Discord and Slack count characters (code points): an emoji is one.
  const length = charCount(text);
  if (length > MAX_NOTE_CHARS) {
    throw new UserError('note-too-long', `That note is ${length} characters; the limit is ${MAX_NOTE_CHARS}. Split it into two notes.`);
  }
  return text;
}
