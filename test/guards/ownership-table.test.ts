/**
 * Table (c) of issue 23: whose notes, suggestions and links a person may change, per the README — "/editnote
 * <id> <text> · /deletenote <id>: your own notes only (admins may delete any)"; "/unsuggest <paper>: take back your
 * own suggestion"; "/paper links: its presenters or an admin add one". Each row × (author, other member, club
 * admin, server admin) → allowed / refused, and the data is read back afterwards: a refused edit leaves the text
 * as the author wrote it, an allowed one holds the new text; a refused delete leaves the row, an allowed one
 * removes it. There is no command that edits a suggestion or edits or deletes a meeting's link (README): those
 * rows do not exist, and test/guards/admin-table.test.ts places every command, so a new one cannot slip in unplaced.
 */
import { describe, expect, it } from 'vitest';
import type { UserRef } from '../../src/dispatch/club-core.ts';
import { nextMeetingAt } from '../../src/calendar/meeting-schedule.ts';
import { ADMIN, CLUB_ADMIN, guardWorld, MEMBER, OTHER, OURS, type GuardWorld } from './guard-world.ts';
import { valueOf, valuesOf } from '../helpers/sql.ts';

type Role = 'author' | 'another member' | 'club admin' | 'server admin';
const ROLES: Record<Role, UserRef> = { author: MEMBER, 'another member': OTHER, 'club admin': CLUB_ADMIN, 'server admin': ADMIN };
const AUTHOR_TEXT = 'What the author wrote.';
const NEW_TEXT = 'Rewritten by someone.';

interface Row {
  what: string;
  /** Makes the author's thing; returns what `act` and `read` need. */
  make(w: GuardWorld): Promise<{ id: number; arg: string }>;
  act(w: GuardWorld, user: UserRef, made: { id: number; arg: string }): Promise<{ error?: boolean; text: string }>;
  /** Reads the thing back: what a refusal must leave and an allowance must make. */
  read(w: GuardWorld, made: { id: number; arg: string }): Promise<unknown>;
  untouched: unknown;
  changed: unknown;
  allowed: Record<Role, boolean>;
  refusal: RegExp;
}

async function authorsNote(w: GuardWorld) {
  const r = await w.run(MEMBER, 'note', { paper: 'Alpha Baseline Paper One', text: AUTHOR_TEXT });
  const id = Number(/#(\d+)/.exec(r.text)?.[1]);
  expect(Number.isInteger(id), r.text).toBe(true);
  return { id, arg: String(id) };
}

/** Meeting 1 announced, with the author presenting it. */
async function presentedMeeting(w: GuardWorld) {
  expect((await w.run(MEMBER, 'signup', { week: '1' })).error).toBeFalsy();
  const club = await w.club();
  const slot = nextMeetingAt(club, w.clock().getTime());
  expect(await w.core.beginPost(club.id, slot)).not.toBeNull();
  w.clock.set(slot);
  await w.core.completePost(club.id, slot, { channel: OURS.channel, messageId: 'post-1' });
  return { id: slot, arg: '1' };
}

const ROWS: Row[] = [
  {
    what: 'edit a note (/editnote)',
    make: authorsNote,
    act: (w, user, n) => w.run(user, 'editnote', { id: n.id, text: NEW_TEXT }),
    read: async (w, n) => await valueOf(w.db, 'SELECT body FROM notes WHERE id = ?', n.id),
    untouched: AUTHOR_TEXT,
    changed: NEW_TEXT,
    allowed: { author: true, 'another member': false, 'club admin': false, 'server admin': false },
    refusal: /^Note #\d+ is Mo Member's; only its author can change it\.$/,
  },
  {
    what: 'delete a note (/deletenote)',
    make: authorsNote,
    act: (w, user, n) => w.run(user, 'deletenote', { id: n.id }),
    read: async (w, n) => (await valueOf(w.db, 'SELECT body FROM notes WHERE id = ?', n.id)) ?? 'gone',
    untouched: AUTHOR_TEXT,
    changed: 'gone',
    allowed: { author: true, 'another member': false, 'club admin': true, 'server admin': true },
    refusal: /^Note #\d+ is Mo Member's; only its author can change it\.$/,
  },
  {
    what: 'take back a suggestion (/unsuggest)',
    make: async (w) => {
      expect((await w.run(MEMBER, 'suggest', { paper: 'Zeta Baseline Paper Six' })).error).toBeFalsy();
      // Everyone else has a suggestion of their own, so the command reaches the paper before refusing.
      for (const u of [OTHER, CLUB_ADMIN, ADMIN]) expect((await w.run(u, 'suggest', { paper: 'Epsilon Baseline Paper Five' })).error).toBeFalsy();
      return { id: 0, arg: 'Zeta Baseline Paper Six' };
    },
    act: (w, user, s) => w.run(user, 'unsuggest', { paper: s.arg }),
    read: async (w) =>
      await valuesOf(w.db, `SELECT m.user_id FROM suggestions s JOIN members m ON m.id = s.member_id JOIN papers p ON p.id = s.paper_id WHERE p.title = 'Zeta Baseline Paper Six'`),
    untouched: [MEMBER.userId],
    changed: [],
    allowed: { author: true, 'another member': false, 'club admin': false, 'server admin': false },
    refusal: /^You have not suggested \*\*Zeta Baseline Paper Six\*\* here\. Yours: \*\*Epsilon Baseline Paper Five\*\*\.$/,
  },
  {
    what: "add a link to a meeting (/paper links), the presenter being its 'author'",
    make: presentedMeeting,
    act: (w, user, m) => w.run(user, 'paper links', { meeting: Number(m.arg), url: 'https://slides.example.com/deck', label: 'slides' }),
    read: async (w, m) => await valuesOf(w.db, 'SELECT url FROM meeting_links WHERE club_id = ? AND meeting_at = ?', (await w.club()).id, m.id),
    untouched: [],
    changed: ['https://slides.example.com/deck'],
    allowed: { author: true, 'another member': false, 'club admin': true, 'server admin': true },
    refusal: /^Only meeting 1's presenters or a club admin can add its links\.$/,
  },
  {
    what: "open the Add slides / recording form (button), the presenter being its 'author'",
    make: presentedMeeting,
    act: async (w, user, m) => w.core.runAction({ where: OURS, user, action: `links:${(await w.club()).id}:${m.id}` }),
    // Allowed: a form opens for the same command; refused: no form.
    read: async () => null,
    untouched: null,
    changed: null,
    allowed: { author: true, 'another member': false, 'club admin': true, 'server admin': true },
    refusal: /^Only meeting 1's presenters or a club admin can add its links\. Share yours in the thread!$/,
  },
];

describe('GIVEN a note, a suggestion and a meeting someone presents (table c: ownership)', () => {
  for (const row of ROWS) {
    it(`THEN ${row.what}: ${Object.entries(row.allowed).map(([r, ok]) => `${ok ? 'allowed' : 'refused'} to ${r === 'author' ? 'its author' : r === 'another member' ? r : `a ${r}`}`).join(', ')}; the data read back says so`, async () => {
      for (const role of Object.keys(ROLES) as Role[]) {
        const w = await guardWorld();
        const made = await row.make(w);
        expect(await row.read(w, made), `${role}: before`).toEqual(row.untouched);
        const reply = await row.act(w, ROLES[role], made);
        if (row.allowed[role]) {
          expect(reply.error ? `${role}: ${reply.text}` : 'allowed').toBe('allowed');
          expect(await row.read(w, made), role).toEqual(row.changed);
          if (row.what.includes('form')) expect((reply as { form?: { command: string } }).form?.command).toBe('paper links');
        } else {
          expect(reply.error, `${role}: ${reply.text}`).toBe(true);
          expect(reply.text, role).toMatch(row.refusal);
          expect(await row.read(w, made), `${role}: data after a refusal`).toEqual(row.untouched);
          if (row.what.includes('form')) expect((reply as { form?: unknown }).form).toBeUndefined();
        }
        await w.db.close();
      }
    });
  }
});
