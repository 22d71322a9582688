/**
 * Importing a reading list on Slack through the real Bolt app over HTTP against the local stand-in: an admin shares
 * a markdown file in the club channel with `import <slug>` as its message; the bot downloads it with its token and
 * answers privately with the same messages as /club import on Discord.
 */
import { openTestDb } from '../helpers/test-db.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDefaultLists } from '../../src/catalog/catalog-store.ts';
import { manualClock } from '../../src/clock.ts';
import { ClubCore } from '../../src/dispatch/club-core.ts';
import { memoryLogger } from '../../src/logger.ts';
import { startSlack, type RunningSlack } from '../../src/platforms/slack/index.ts';
import { type Db } from '../../src/store/db.ts';
import { fileShareEventBody, signedPost, startFakeSlack, TEAM_ID, type FakeSlack } from './fake-slack.ts';
import { waitUntil } from './wait-until.ts';
import { allLists, getList } from '../../src/store/catalog.ts';

const SECRET = 'e2e-signing-secret';
const CHANNEL = 'CCLUB';
const LIST = '# Our list\n\n1. [A Paper About Things](https://arxiv.org/abs/2401.00001): things are all you need\n2. [Another Paper](https://arxiv.org/abs/2401.00002): more of them\n';


describe('GIVEN a markdown file shared in a Slack club channel with "import <slug>"', () => {
  let fake: FakeSlack;
  let db: Db;
  let slack: RunningSlack;
  let n = 0;

  /** Shares `content` as `userId` with `text`, and resolves with the private answer the bot gave that member. */
  async function share(userId: string, text: string, content = LIST, name = 'our-list.md', opts: { signInPage?: boolean } = {}) {
    const fileId = `F${++n}`;
    fake.sharedFiles.set(fileId, { name, content, ...opts });
    const before = fake.ephemerals.length;
    const body = fileShareEventBody({ eventId: `EvImport${n}`, userId, channel: CHANNEL, text, fileId, fileName: name, size: Buffer.byteLength(content) });
    const res = await signedPost(slack.url!, body, { secret: SECRET, contentType: 'json' });
    expect(res.status).toBe(200);
    return waitUntil(() => fake.ephemerals.slice(before).find((e) => e.user === userId), `the answer to ${userId}`);
  }

  beforeAll(async () => {
    fake = await startFakeSlack();
    db = await openTestDb();
    await loadDefaultLists(db, 'config/lists.json');
    const core = new ClubCore({ db, clock: manualClock('2026-01-05T12:00:00Z'), logger: memoryLogger() });
    slack = await startSlack({
      core,
      homeChanges: core.homeChanges,
      config: { botToken: 'xoxb-test', signingSecret: SECRET, port: 0, host: '127.0.0.1', apiUrl: fake.apiUrl, retries: 0 },
      logger: memoryLogger(),
    });
    fake.invite(CHANNEL);
    const setup = await core.execute({
      where: { platform: 'slack', workspace: TEAM_ID, channel: CHANNEL },
      user: { userId: 'UBOSS', displayName: 'Boss', isPlatformAdmin: true },
      command: 'club setup',
      args: {},
    });
    expect(setup.error, setup.text).toBeFalsy();
  });

  afterAll(async () => {
    await slack?.stop();
    await fake?.stop();
    db?.close();
  });

  it('THEN an admin imports it as the workspace\'s own list, downloaded with the bot token, and is answered privately', async () => {
    const answer = await share('UBOSS', 'import our-list');
    expect(answer.channel).toBe(CHANNEL);
    expect(answer.text).toMatch(/our-list/);
    expect(answer.text).toMatch(/2 papers/);
    const list = await getList(db, 'our-list', `slack:${TEAM_ID}`);
    expect(list?.entryCount).toBe(2);
    const download = fake.calls.find((c) => c.method === 'files.info');
    expect(download?.token).toBe('xoxb-test');
  });

  it('THEN a member who is not an admin is refused and nothing is imported', async () => {
    const lists = (await allLists(db, `slack:${TEAM_ID}`)).length;
    const answer = await share('UALICE', 'import alices-list');
    expect(answer.text).toMatch(/for club admins/);
    expect((await allLists(db, `slack:${TEAM_ID}`)).length).toBe(lists);
  });

  it('THEN a file with no reading list in it gets the same clear error as on Discord', async () => {
    const answer = await share('UBOSS', '/paperclub club import empty', 'just words, no links at all', 'notes.md');
    expect(answer.text).toMatch(/no|No/);
    expect(await getList(db, 'empty', `slack:${TEAM_ID}`)).toBeNull();
  });

  it('THEN a file shared without the import words is left alone', async () => {
    const before = fake.ephemerals.length;
    fake.sharedFiles.set('FQUIET', { name: 'x.md', content: LIST });
    const body = fileShareEventBody({ eventId: 'EvQuiet', userId: 'UBOSS', channel: CHANNEL, text: 'our slides from today', fileId: 'FQUIET', fileName: 'x.md', size: 10 });
    expect((await signedPost(slack.url!, body, { secret: SECRET, contentType: 'json' })).status).toBe(200);
    // A later import's answer is the positive signal that the earlier event was handled (it awaits nothing before
    // deciding to pass): by then the bot has not asked Slack about the quiet file, nor answered it.
    const next = await share('UBOSS', 'import our-list');
    expect(next.text).toMatch(/already up to date/);
    expect(fake.calls.some((c) => c.method === 'files.info' && c.args.file === 'FQUIET')).toBe(false);
    expect(fake.ephemerals.length).toBe(before + 1);
  });

  it('THEN a file over 1 MB is refused before it is downloaded, in the same words as on Discord', async () => {
    const big = LIST + `<!-- ${'x'.repeat(1536 * 1024 - LIST.length - 9)} -->`;
    expect(Buffer.byteLength(big)).toBe(1536 * 1024);
    const infos = fake.callsOf('files.info').length;
    const answer = await share('UBOSS', 'import big-list', big, 'big.md');
    expect(answer.text).toBe('big.md is 1,536 kB; a reading list import takes a markdown file of at most 1 MB (1,024 kB).');
    expect(fake.callsOf('files.info').length).toBe(infos);
    expect(await getList(db, 'big-list', `slack:${TEAM_ID}`)).toBeNull();
  });

  it('THEN when Slack answers the download with its sign-in page (200, HTML) the admin is told the token or scope is wrong, and nothing is imported', async () => {
    const answer = await share('UBOSS', 'import locked-list', LIST, 'locked.md', { signInPage: true });
    expect(answer.text).toMatch(/sign-in page instead of your file/);
    expect(answer.text).toMatch(/files:read/);
    expect(await getList(db, 'locked-list', `slack:${TEAM_ID}`)).toBeNull();
  });
});
