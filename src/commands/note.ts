import { addNote, checkNoteBody } from '../club/notes.ts';
import { requirePaper } from '../club/sign-ups.ts';
import { getPaperByKey, resolvePaper } from '../catalog/catalog-store.ts';
import { normalizeTitle } from '../catalog/canonical-ids.ts';
import type { Db } from '../store/db.ts';
import { privateReply } from '../render/replies.ts';
import type { Command } from './types.ts';

/** `/note` — add a note on a paper (up to 4,000 characters). */
export default {
  group: null,
  name: 'note',
  description: 'Add a note on a paper (up to 4,000 characters)',
  options: [
    { name: 'paper', description: 'Title, nickname or id', type: 'string', required: true, autocomplete: 'paper', maxLength: 300 },
    { name: 'text', description: 'Your note', type: 'string', long: true, rest: true, maxLength: 4000 },
  ],
  handle(ctx, args) {
    const { paper, text } = paperThenText(ctx.db, String(args.paper ?? ''), args.text as string | undefined);
    const body = checkNoteBody(text);
    const id = addNote(ctx.db, { memberId: ctx.member.id, paperId: paper.id, clubId: ctx.club?.id ?? null, body, at: ctx.clock().getTime() });
    return privateReply(`Saved note #${id} on **${paper.title}**. Everyone's notes: /notes ${paper.key}. Edit: /editnote ${id} <text>`);
  },
} satisfies Command;

/**
 * Text UIs split `/note attention is all you need "skip connections matter"` after the first word. When a longer run
 * of words is a paper's exact title or nickname, that run is the paper and the rest is the note.
 */
function paperThenText(db: Db, paperArg: string, textArg: string | undefined) {
  const words = [paperArg, ...(textArg ?? '').split(/\s+/)].filter(Boolean);
  for (let k = words.length - 1; k > 1; k--) {
    const candidate = words.slice(0, k).join(' ');
    const hit = resolvePaper(db, candidate);
    if (hit.paper && (normalizeTitle(hit.paper.title) === normalizeTitle(candidate) || hit.paper.nickname?.toLowerCase() === candidate.toLowerCase())) {
      return { paper: hit.paper, text: unquote(words.slice(k).join(' ')) };
    }
  }
  const direct = /^#\d+$/.test(paperArg) ? requirePaper(db, paperArg) : (getPaperByKey(db, paperArg) ?? requirePaper(db, paperArg));
  return { paper: direct, text: textArg };
}

const unquote = (s: string) => s.replace(/^["'](.*)["']$/s, '$1');
