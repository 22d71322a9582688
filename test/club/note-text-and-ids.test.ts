import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/store/db.ts';
import { migrations } from '../../src/store/migrations/index.ts';
import { ALICE, BOB, clubFixture } from '../helpers/club-fixture.ts';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const idOf = (text: string) => Number(/Saved note #(\d+)/.exec(text)?.[1]);

describe('GIVEN notes measured as Discord and Slack measure them', () => {
  it('WHEN a note is 3,000 emoji (6,000 UTF-16 units) THEN it is saved, and /notes never shows half an emoji', async () => {
    const f = await clubFixture();
    await f.setup();
    const saved = await f.line(ALICE, `/note lora "${'🎉'.repeat(3000)}"`);
    expect(saved.error, saved.text).toBeFalsy();
    expect(saved.text).toMatch(/Saved note #\d+ on \*\*LoRA/);
    const shown = await f.line(BOB, '/notes lora');
    expect(shown.text).toMatch(/🎉…$/);
    expect(shown.text).not.toMatch(LONE_SURROGATE);
  });

  it('WHEN a note is 4,001 emoji THEN it is refused, counted as 4001 characters', async () => {
    const f = await clubFixture();
    await f.setup();
    const refused = await f.run(ALICE, 'note', { paper: 'lora', text: '😀'.repeat(4001) });
    expect(refused.error).toBe(true);
    expect(refused.text).toMatch(/is 4001 characters; the limit is 4000/);
  });
});

describe('GIVEN a note deleted', () => {
  it('WHEN the newest note is deleted and another is written THEN the new note gets a new id, never the deleted one', async () => {
    const f = await clubFixture();
    await f.setup();
    const first = idOf((await f.line(ALICE, '/note lora "first"')).text);
    const second = idOf((await f.line(ALICE, '/note lora "second"')).text);
    expect(second).toBeGreaterThan(first);
    expect((await f.line(ALICE, `/deletenote ${second}`)).text).toMatch(new RegExp(`Deleted note #${second}`));
    const third = idOf((await f.line(BOB, '/note lora "bob writes"')).text);
    expect(third).toBeGreaterThan(second);
    // The old id names nothing now: nobody edits Bob's note by it.
    expect((await f.line(ALICE, `/editnote ${second} changed`)).text).toMatch(new RegExp(`There is no note #${second}`));
  });

  it('WHEN a database from before the rebuild is migrated THEN its notes, ids and indexes stay, and freed ids are not handed out again', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    const before = migrations.findIndex((m) => m.name.startsWith('0016-'));
    migrate(db, before);
    db.exec(`INSERT INTO lists (slug, title, imported_at) VALUES ('x', 'X', 0);
      INSERT INTO papers (key, title, url, norm_title) VALUES ('p', 'P', 'u', 'p');
      INSERT INTO members (platform, workspace, user_id, display_name) VALUES ('console', 'w', 'a', 'A');`);
    const insert = db.prepare('INSERT INTO notes (member_id, paper_id, body, created_at, updated_at) VALUES (1, 1, ?, 0, 0)');
    for (const body of ['one', 'two', 'three']) insert.run(body);
    migrate(db);
    expect(db.prepare('SELECT id, body FROM notes ORDER BY id').all()).toEqual([
      { id: 1, body: 'one' },
      { id: 2, body: 'two' },
      { id: 3, body: 'three' },
    ]);
    expect(db.prepare(`SELECT name FROM sqlite_schema WHERE tbl_name = 'notes' AND type = 'index' ORDER BY name`).pluck().all()).toEqual(['notes_member', 'notes_paper']);
    db.prepare('DELETE FROM notes WHERE id = 3').run();
    expect(Number(insert.run('four').lastInsertRowid)).toBe(4);
    db.close();
  });
});
