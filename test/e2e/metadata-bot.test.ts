/**
 * The bot with metadata look-ups against the stand-ins: a suggestion, a ballot and a weekly post before and after a
 * paper's title arrives, commands that never wait more than about 2 s, and the bot with no network behaving as it
 * does with look-ups off. The core and the playground's real adapter (ConsoleDelivery) run in this process.
 */
import { openTestDb } from '../helpers/test-db.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { importList, loadDefaultLists } from '../../src/catalog/catalog-store.ts';
import { MetadataService } from '../../src/catalog/metadata/metadata-service.ts';
import { manualClock } from '../../src/clock.ts';
import { ClubCore, type UserRef } from '../../src/dispatch/club-core.ts';
import type { Where } from '../../src/club/types.ts';
import type { Reply } from '../../src/commands/types.ts';
import { memoryLogger } from '../../src/logger.ts';
import { ConsoleDelivery } from '../../src/platforms/console/delivery.ts';
import { FakeArxiv } from './fake-arxiv.ts';
import { FakeSemanticScholar } from './fake-semantic-scholar.ts';
import { valueOf } from '../helpers/sql.ts';
import { WAIT_MS } from './wait-until.ts';

const WHERE: Where = { platform: 'console', workspace: 'local', channel: 'demo', channelName: 'paper-club' };
const ADMIN: UserRef = { userId: 'ada', displayName: 'Ada', isPlatformAdmin: true };
const DEEPSEEK = '2405.04434';
const DEEPSEEK_TITLE = 'DeepSeek-V2: A Strong, Economical, and Efficient Mixture-of-Experts Language Model';
const DEEPSEEK_TLDR = 'DeepSeek-V2 is a Mixture-of-Experts model that is cheap to train and fast to run.';
const LLAMA = '2407.21783';
const LLAMA_TITLE = 'The Llama 3 Herd of Models';

interface Bot {
  core: ClubCore;
  /** The look-up service the core uses (null: look-ups off). */
  lookups: MetadataService | null;
  delivery: ConsoleDelivery;
  printed: string[];
  logger: ReturnType<typeof memoryLogger>;
  run(line: string): Promise<{ reply: Reply; ms: number }>;
  post(): Promise<void>;
  close(): Promise<void>;
}

/** A club following a list of two bare arXiv links, on a core with look-ups pointed at `urls` (or none). */
async function bot(urls: { arxiv: string; s2: string } | null): Promise<Bot> {
  const db = await openTestDb();
  await loadDefaultLists(db, 'config/lists.json');
  await importList(db, { slug: 'bare', owner: 'console:local', markdown: `# Bare\n\n- https://arxiv.org/abs/${LLAMA}\n- https://arxiv.org/abs/${DEEPSEEK}\n` });
  const clock = manualClock('2026-11-02T12:00:00Z');
  const logger = memoryLogger();
  const lookups = urls ? new MetadataService(db, logger, { arxivUrl: urls.arxiv, s2Url: urls.s2, gapMs: { arxiv: 50, s2: 50 } }) : null;
  const core = new ClubCore({ db, clock, logger, defaults: { announceLeadMinutes: 0 }, ...(lookups ? { lookups } : {}) });
  const printed: string[] = [];
  const delivery = new ConsoleDelivery((t) => printed.push(t));
  core.links.connect(delivery);
  await core.execute({ where: WHERE, user: ADMIN, command: 'club setup', args: { list: 'bare', when: '0 17 * * 3', timezone: 'UTC' } });
  return {
    core,
    lookups,
    delivery,
    printed,
    logger,
    async run(line) {
      const t0 = performance.now();
      const reply = await core.executeLine({ where: WHERE, user: ADMIN, line });
      return { reply, ms: performance.now() - t0 };
    },
    async post() {
      const club = (await core.clubFor(WHERE))!;
      const next = (await core.nextAnnouncement(club))!;
      const begun = (await core.beginPost(club.id, next.slotAt))!;
      const message = await delivery.postMeeting(club, begun.post);
      await core.completePost(club.id, next.slotAt, message);
    },
    async close() {
      await core.noticesSent();
      lookups?.stop();
      await db.close();
    },
  };
}

let arxiv: FakeArxiv;
let s2: FakeSemanticScholar;
const open: Bot[] = [];
async function standIns(): Promise<{ arxiv: string; s2: string }> {
  arxiv = new FakeArxiv({ minGapMs: 50 });
  s2 = new FakeSemanticScholar();
  await arxiv.start();
  await s2.start();
  const base = { authors: ['DeepSeek-AI'], published: '2024-05-07T17:58:30Z' };
  arxiv.addPaper(DEEPSEEK, { ...base, title: DEEPSEEK_TITLE, summary: 'We present DeepSeek-V2, a strong Mixture-of-Experts (MoE) language model. It has 236B parameters.' });
  arxiv.addPaper(LLAMA, { title: LLAMA_TITLE, summary: 'Modern artificial intelligence (AI) systems are powered by foundation models. This paper presents a new set of foundation models, called Llama 3.', authors: ['Abhimanyu Dubey', 'Abhinav Jauhri'], published: '2024-07-31T17:54:27Z' });
  s2.addPaper({ paperId: 'd', title: DEEPSEEK_TITLE, authors: ['DeepSeek-AI'], year: 2024, venue: 'arXiv.org', abstract: null, tldr: DEEPSEEK_TLDR, externalIds: { ArXiv: DEEPSEEK, DOI: '10.48550/arXiv.2405.04434', CorpusId: 1 } });
  s2.addPaper({ paperId: 'm', title: LLAMA_TITLE, authors: ['Abhimanyu Dubey', 'Abhinav Jauhri'], year: 2024, venue: 'arXiv.org', abstract: null, tldr: null, externalIds: { ArXiv: LLAMA, CorpusId: 2 } });
  return { arxiv: arxiv.url, s2: s2.url };
}
async function start(urls: { arxiv: string; s2: string } | null): Promise<Bot> {
  const b = await bot(urls);
  open.push(b);
  return b;
}
afterEach(async () => {
  for (const b of open.splice(0)) await b.close();
  await arxiv?.close();
  await s2?.close();
});

describe('a suggestion by link', () => {
  it('GIVEN the stand-ins answer at once THEN /suggest names the paper by its real title in its first answer', async () => {
    const b = await start(await standIns());
    const { reply } = await b.run(`/suggest https://arxiv.org/abs/2406.00001`);
    expect(reply.text).toContain('**arXiv:2406.00001** (new to the catalog)'); // unknown to both: stays as it was
    const known = await b.run(`/suggest https://arxiv.org/abs/${DEEPSEEK}v2`);
    expect(known.reply.text).toBe(`Ada suggested **${DEEPSEEK_TITLE}**. It will stand in the next vote (/club vote).`);
    expect(known.reply.later).toBeUndefined();
  });

  it('GIVEN a slow service THEN /suggest answers within about 2 s with the paper id, and its answer is edited to the title when it arrives', async () => {
    const urls = await standIns();
    // Far slower than the bot waits (about 1.5 s): the first answer names the paper by its id, not its title.
    arxiv.delayMs = 5_000;
    s2.delayMs = 5_000;
    const b = await start(urls);
    const { reply } = await b.run(`/suggest ${DEEPSEEK}`);
    expect(reply.text).toBe(`Ada suggested **${DEEPSEEK}**. It will stand in the next vote (/club vote).`);
    const edited = await reply.later;
    expect(edited?.text).toBe(`Ada suggested **${DEEPSEEK_TITLE}**. It will stand in the next vote (/club vote).`);
  }, 60_000);
});

describe('/paper show and the list\'s own words', () => {
  it('GIVEN a paper looked up THEN /paper show gives its authors, year, venue, other ids and says the one-liner is Semantic Scholar\'s TLDR', async () => {
    const b = await start(await standIns());
    const { reply } = await b.run(`/paper show ${DEEPSEEK}`);
    expect(reply.title).toBe(DEEPSEEK_TITLE);
    expect(reply.text).toBe(DEEPSEEK_TLDR);
    const fields = Object.fromEntries((reply.fields ?? []).map((f) => [f.name, f.value]));
    expect(fields).toMatchObject({ Year: '2024', Venue: 'arXiv.org', 'Summary from': 'Semantic Scholar TLDR', 'Also known as': 'DOI 10.48550/arXiv.2405.04434' });
    expect(fields.Authors).toMatch(/^DeepSeek-AI _\(arXiv, \d{1,2} [A-Z][a-z]{2} \d{4}\)_$/);
  });

  it('GIVEN a list that names and sums up the paper in its own words THEN they win over the fetched title and TLDR (the one-liner every post and reply takes)', async () => {
    const b = await start(await standIns());
    await b.run(`/paper show ${DEEPSEEK}`); // looked up: title and TLDR fetched
    await importList(b.core.db, { slug: 'own', owner: 'console:local', markdown: `# Own\n\n- [Our DeepSeek](https://arxiv.org/abs/${DEEPSEEK}) - cheap experts, our words\n` });
    const { reply } = await b.run(`/paper show ${DEEPSEEK}`);
    expect(reply.title).toBe('Our DeepSeek');
    expect(reply.text).toBe('Cheap experts, our words');
    expect(reply.fields?.find((f) => f.name === 'Summary from')?.value).toBe('the reading list');
    // A list of bare links says nothing of its own: the fetched title stays for a paper only it carries.
    expect(await valueOf(b.core.db, 'SELECT title FROM papers WHERE arxiv_id = ?', LLAMA)).toBe(LLAMA);
  });

  it('GIVEN /club import of a list of bare links THEN its papers are looked up in the background and get their titles', async () => {
    const b = await start(await standIns());
    arxiv.addPaper('2401.00011', { title: 'Imported Paper Eleven', summary: 'It is eleven. Yes.', authors: ['X'], published: '2024-01-01T00:00:00Z' });
    const r = await b.core.execute({ where: WHERE, user: ADMIN, command: 'club import', args: { file: { name: 'more.md', content: '# More\n\n- https://arxiv.org/abs/2401.00011\n' } } });
    expect(r.text).toContain('Imported **More**');
    await waitFor(async () => (await valueOf<string>(b.core.db, 'SELECT title FROM papers WHERE arxiv_id = ?', '2401.00011')) === 'Imported Paper Eleven');
  });
});

describe('a weekly post and a ballot', () => {
  it('GIVEN the club\'s next paper is a bare link THEN its post goes out at once and is edited to the title and the TLDR, attributed, when they arrive', async () => {
    const urls = await standIns();
    arxiv.delayMs = 300;
    s2.delayMs = 300;
    const b = await start(urls);
    await b.post();
    expect(b.delivery.posts[0]!.post).toMatchObject({ title: LLAMA, summary: null });
    await waitFor(() => b.printed.some((l) => l.startsWith('(post m1 updated')));
    await b.core.noticesSent();
    // Llama 3 has no TLDR here: the one-liner is the abstract's first sentence, and says so.
    expect(b.delivery.posts[0]!.post).toMatchObject({
      title: LLAMA_TITLE,
      summary: 'Modern artificial intelligence (AI) systems are powered by foundation models.',
      footnote: 'summary: first sentence of the abstract (arXiv)',
    });
    expect(b.printed.at(-1)).toBe(`(post m1 updated — ${LLAMA_TITLE} — Modern artificial intelligence (AI) systems are powered by foundation models.: [1: Sign up to present] [2: Mark read])`);
  }, 60_000);

  it('GIVEN the title arrives while the post is being sent THEN the post is edited as soon as its message is recorded', async () => {
    const b = await start(await standIns());
    const club = (await b.core.clubFor(WHERE))!;
    const next = (await b.core.nextAnnouncement(club))!;
    // Told after the core (its listener came first): the look-up has answered and the core has heard of it.
    const answered = new Promise<void>((resolve) => b.lookups!.onChanged(() => resolve()));
    const begun = (await b.core.beginPost(club.id, next.slotAt))!;
    const message = await b.delivery.postMeeting(club, begun.post);
    // The look-up answers before the platform's answer is recorded.
    await answered;
    expect(await valueOf<string>(b.core.db, `SELECT title FROM papers WHERE arxiv_id = ?`, LLAMA)).toBe(LLAMA_TITLE);
    expect(b.printed.some((l) => l.startsWith('(post m1 updated'))).toBe(false);
    await b.core.completePost(club.id, next.slotAt, message);
    // The edit follows the record (not before it, checked above); on a loaded PostgreSQL run it came after
    // noticesSent() had settled, so the test waits for the edit itself.
    await waitFor(() => b.printed.some((l) => l.startsWith('(post m1 updated')));
    await b.core.noticesSent();
    expect(b.delivery.posts[0]!.post.title).toBe(LLAMA_TITLE);
  });

  it('GIVEN a vote on two bare links and a slow service THEN the ballot goes out with the ids and is edited to the titles', async () => {
    const urls = await standIns();
    arxiv.delayMs = 5_000;
    s2.delayMs = 5_000;
    const b = await start(urls);
    await b.run(`/club vote ${LLAMA}, ${DEEPSEEK}`);
    const ballots = () => b.printed.filter((l) => l.startsWith('════ vote'));
    expect(ballots()).toHaveLength(1);
    expect(ballots()[0]).toContain(`1. [${LLAMA}](https://arxiv.org/abs/${LLAMA})`);
    await waitFor(() => ballots().length >= 2 && ballots().at(-1)!.includes(DEEPSEEK_TITLE));
    expect(ballots().at(-1)).toContain(`1. [${LLAMA_TITLE}](https://arxiv.org/abs/${LLAMA})`);
    expect(ballots().at(-1)).toContain(`2. [${DEEPSEEK_TITLE}](https://arxiv.org/abs/${DEEPSEEK})`);
  }, 60_000);
});

describe('no network', () => {
  it('GIVEN the services cannot be reached THEN every answer and post is what the bot says with look-ups off, with one log line', async () => {
    const script = [`/suggest https://arxiv.org/abs/${DEEPSEEK}`, `/suggest https://arxiv.org/abs/2406.00001`, `/paper show ${LLAMA}`, `/club pick ${DEEPSEEK}`, `/club vote ${LLAMA}, ${DEEPSEEK}`, '/suggestions'];
    const session = async (b: Bot) => {
      const out: string[] = [];
      for (const line of script) {
        const { reply } = await b.run(line);
        // Nothing waits for a look-up that cannot be made: no answer is edited later.
        expect(reply.later, line).toBeUndefined();
        out.push(reply.text, JSON.stringify(reply.fields ?? []));
      }
      await b.post();
      await b.core.noticesSent();
      return [...out, ...b.printed];
    };
    const offBot = await start(null);
    const off = await session(offBot);
    // Nobody listens on port 9: connection refused, as with no network.
    const offline = await start({ arxiv: 'http://127.0.0.1:9/api/query', s2: 'http://127.0.0.1:9/graph/v1' });
    expect(await session(offline)).toEqual(off);
    // The log has what it has with look-ups off, and one line more.
    const said = new Set(offBot.logger.lines.map((l) => l.msg));
    expect(offline.logger.lines.filter((l) => l.level !== 'debug' && !said.has(l.msg)).map((l) => l.msg)).toEqual([
      'paper metadata unreachable: papers show what their lists say; look-ups try again later',
    ]);
  }, 60_000);
});

async function waitFor(cond: () => boolean | Promise<boolean>, ms = WAIT_MS): Promise<void> {
  const until = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}
