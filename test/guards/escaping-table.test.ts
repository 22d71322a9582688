/**
 * Table (d) of issue 23: user text in the bot's messages. Every place a person's words reach a message (paper
 * titles and one-liners from their lists, list names, notes, display names, suggested titles, link labels) × every
 * message that shows that place × each platform, with a hostile value in every place at once. What must be there:
 * - Slack: the value escaped (`&amp;`, `&lt;`, `&gt;`: `<!channel>` becomes `&lt;!channel&gt;`) in the blocks, and
 *   the raw value nowhere, fallback text included (https://api.slack.com/reference/surfaces/formatting#escaping);
 * - Discord: the value as written (it reached the message) and `allowed_mentions` that parse nothing — so
 *   `@everyone`, `@here`, `<@id>` and `<@&role>` ping no one — with only the presenters' own ids allowed on the
 *   weekly post (https://discord.com/developers/docs/resources/message#allowed-mentions-object);
 * - the club's web page (HTML, issue 28): the value with `&`, `<`, `>`, `"` and `'` as entities in each of its places,
 *   and the raw value nowhere in the document (https://html.spec.whatwg.org/multipage/parsing.html#escapingString).
 * Messages are built by the real core (commands, the weekly post, the vote, the Home tab) and rendered by each
 * adapter's own renderer or delivery. Adding a renderer (an exported `render…` function of an adapter) without
 * placing it below fails the completeness test.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { announcedMeeting } from '../../src/club/meeting-links.ts';
import { newLinkText } from '../../src/render/meeting-links.ts';
import { settleVote, voteContent } from '../../src/dispatch/vote-flow.ts';
import type { Reply } from '../../src/commands/types.ts';
import type { UserRef } from '../../src/dispatch/club-core.ts';
import { memoryLogger } from '../../src/logger.ts';
import { createDelivery } from '../../src/platforms/discord/delivery.ts';
import type { FailureReporter } from '../../src/platforms/discord/errors.ts';
import { renderVotePoll } from '../../src/platforms/discord/polls.ts';
import { renderPostEdit } from '../../src/platforms/discord/post-update.ts';
import { renderReply as renderDiscordReply } from '../../src/platforms/discord/render.ts';
import { renderWeeklyPost } from '../../src/platforms/discord/weekly-post.ts';
import { createSlackDelivery } from '../../src/platforms/slack/delivery.ts';
import { renderHomeView } from '../../src/platforms/slack/home-view.ts';
import { renderReply as renderSlackReply } from '../../src/platforms/slack/render.ts';
import { renderSlackVote } from '../../src/platforms/slack/vote.ts';
import { renderSlackPost } from '../../src/platforms/slack/weekly-post.ts';
import { nextMeetingAt } from '../../src/calendar/meeting-schedule.ts';
import { ADMIN, guardWorld, OURS } from './guard-world.ts';
import { rowOf, valueOf } from '../helpers/sql.ts';
import { openVoteOf } from '../../src/store/votes.ts';
import { linksOf } from '../../src/store/club-life.ts';

/** The places a person's words reach, each written with its tag before the hostile value. */
const PLACES = ['Title', 'Blurb', 'List', 'Note', 'Name', 'Idea', 'Label'] as const;
type Place = (typeof PLACES)[number];
/** Each place's own words (far apart, so no fuzzy look-up mistakes one for another), then the value. */
const WORDS: Record<Place, string> = {
  Title: 'Title of the hostile paper',
  Blurb: 'Blurb saying',
  List: 'List named',
  Note: 'Note reading',
  Name: 'Name',
  Idea: 'Idea for quantum gardening',
  Label: 'Label',
};
const said = (place: Place, value: string) => `${WORDS[place]} ${value}`;

/**
 * Hostile values per platform, each with what a link label keeps of it: labels lose markup and mention characters
 * when typed (`[]()<>@*_~\`|#`, club/meeting-links.ts), so that place shows the rest, escaped as any text.
 */
const HOSTILE = {
  discord: [
    { value: '@everyone', label: 'everyone' },
    { value: '@here', label: 'here' },
    { value: '<@111111111111111111>', label: '111111111111111111' },
    { value: '<@&222222222222222222>', label: '&222222222222222222' },
  ],
  web: [
    { value: '<script>window.pwned = 1</script>', label: 'scriptwindow.pwned = 1/script' },
    { value: '"><img src=x onerror=alert(1)>', label: '"img src=x onerror=alert1' },
    { value: "' onmouseover='alert(1)", label: "' onmouseover='alert1" },
    { value: 'R&D <b>bold</b>', label: 'R&D bbold/b' },
  ],
  slack: [
    { value: '<!channel>', label: '!channel' },
    { value: '<!here>', label: '!here' },
    { value: '<!everyone>', label: '!everyone' },
    { value: '<@U0HOSTILE>', label: 'U0HOSTILE' },
    { value: 'R&D <b>bold</b>', label: 'R&D bbold/b' },
  ],
} as const;

/** Markdown-safe: a list author writes `&lt;` to get `<` in a title. */
const inMarkdown = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A club where every place holds a hostile value: a list of its own (name, title, one-liner) whose paper is meeting
 * 1, presented by a member with a hostile name who wrote a note and suggested a title; meeting 1 announced with a
 * link; a vote open on the title and the suggestion, and its result.
 */
async function hostileClub(value: string, label: string) {
  const w = await guardWorld();
  const person: UserRef = { userId: 'member-1', displayName: said('Name', value) };
  const list = `# ${inMarkdown(said('List', value))}\n\n- [${inMarkdown(said('Title', value))}](https://arxiv.org/abs/2402.00001) — ${inMarkdown(said('Blurb', value))}\n`;
  const ok = async (r: Promise<Reply>) => {
    const reply = await r;
    expect(reply.error ? reply.text : 'ok').toBe('ok');
    return reply;
  };
  await ok(w.run(ADMIN, 'club import', { file: { name: 'hostile.md', content: list }, slug: 'hostile' }));
  const paper = await rowOf(w.db, `SELECT id, title, summary FROM papers WHERE arxiv_id = '2402.00001'`) as { id: number; title: string; summary: string };
  // The list's words arrive as written (the importer keeps them): the table then tests the renderers.
  expect([paper.title, paper.summary]).toEqual([said('Title', value), expect.stringContaining(said('Blurb', value))]);
  await ok(w.run(ADMIN, 'club pick', { paper: { paperId: paper.id } }));
  await ok(w.run(person, 'signup', { week: '1' }));
  await ok(w.run(person, 'note', { paper: { paperId: paper.id }, text: said('Note', value) }));
  const suggested = await ok(w.run(person, 'suggest', { paper: said('Idea', value), new: true }));
  const club = await w.club();
  const slot = nextMeetingAt(club, w.clock().getTime());
  const begun = (await w.core.beginPost(club.id, slot))!;
  w.clock.set(slot);
  await w.core.completePost(club.id, slot, { channel: OURS.channel, messageId: 'post-1' });
  await ok(w.run(person, 'paper links', { meeting: 1, url: 'https://slides.example.com/d', label: said('Label', value) }));
  // The thread message the dispatcher sends for it (the command's `announce`, taken off the reply before it returns).
  const meeting = await announcedMeeting(w.db, await w.club(), 1);
  expect((await linksOf(w.db, club.id, meeting.slotAt)).map((l) => l.label)).toEqual([said('Label', label)]);
  const linkText = newLinkText(await w.club(), meeting, (await linksOf(w.db, club.id, meeting.slotAt))[0]!, paper.title);
  const ideaKey = (await valueOf(w.db, 'SELECT key FROM papers WHERE title = ?', said('Idea', value))) as string;
  const paperKey = (await valueOf(w.db, 'SELECT key FROM papers WHERE id = ?', paper.id)) as string;
  // The hostile paper was meeting 1's: putting it to the vote again is confirmed (issue 22). Candidates are typed text,
  // where `#5` means meeting 5: the papers are named by their keys.
  await ok(w.run(ADMIN, 'club vote', { candidates: `${paperKey}; ${ideaKey}`, confirm: 'yes' }));
  const voteId = (await openVoteOf(w.db, club.id))!.id;
  await ok(w.core.runAction({ where: OURS, user: ADMIN, action: `vote:${club.id}:${voteId}:1` }));
  const vote = (await voteContent(w.db, await w.club(), voteId, w.clock().getTime()))!;
  const replies = {
    '/paper show': await ok(w.run(ADMIN, 'paper show', { paper: { paperId: paper.id } })),
    '/paper search': await ok(w.run(ADMIN, 'paper search', { query: 'hostile paper' })),
    '/notes': await ok(w.run(ADMIN, 'notes', { paper: { paperId: paper.id } })),
    '/suggestions': await ok(w.run(ADMIN, 'suggestions')),
    '/suggest (public)': suggested,
    '/paper links': await ok(w.run(ADMIN, 'paper links', { meeting: 1 })),
    '/leaderboard': (await w.run(person, 'read', { paper: { paperId: paper.id } }), await ok(w.run(ADMIN, 'leaderboard'))),
    '/club export': await ok(w.run(ADMIN, 'club export')),
  };
  const result = await settleVote(w.db, voteId, w.clock().getTime());
  return {
    w,
    slot,
    replies,
    post: begun.post,
    vote,
    resultText: result.text,
    linkText,
    home: await w.core.memberHome(OURS, person.userId),
  };
}
type Hostile = Awaited<ReturnType<typeof hostileClub>>;

/** Every text a Discord payload shows (content, embeds, poll, files) and its allowed_mentions. */
interface DiscordShown {
  text: string;
  allowedMentions: unknown;
}
const discordShown = (p: { content?: string; embeds?: unknown; poll?: unknown; files?: Array<{ attachment: Buffer | unknown }>; allowedMentions?: unknown }): DiscordShown => ({
  text: [p.content ?? '', JSON.stringify(p.embeds ?? []), JSON.stringify(p.poll ?? {}), ...(p.files ?? []).map((f) => (Buffer.isBuffer(f.attachment) ? f.attachment.toString('utf8') : ''))].join('\n'),
  allowedMentions: p.allowedMentions,
});

/** The Discord delivery against a stand-in client that records what would be sent (channels and threads). */
async function discordSent(send: (d: ReturnType<typeof createDelivery>) => Promise<void>): Promise<DiscordShown[]> {
  const sent: DiscordShown[] = [];
  const channel = { isSendable: () => true, isThread: () => true, send: async (p: Parameters<typeof discordShown>[0]) => (sent.push(discordShown(p)), { id: 'm1' }) };
  const client = { channels: { fetch: async () => channel, cache: new Map() }, users: { fetch: async () => channel } } as unknown as Client;
  await send(createDelivery(client, { logger: memoryLogger(), reporter: { report: async () => {} } as unknown as FailureReporter }));
  return sent;
}

/** The Slack delivery against a stand-in Web API client that records chat.postMessage calls. */
async function slackSent(send: (d: ReturnType<typeof createSlackDelivery>) => Promise<void>): Promise<Array<{ text: string; blocks: unknown[] }>> {
  const sent: Array<{ text: string; blocks: unknown[] }> = [];
  const client = { chat: { postMessage: async (m: { text: string; blocks: unknown[] }) => (sent.push(m), { ok: true, ts: '1.0' }) } };
  await send(createSlackDelivery({ client: client as never, logger: memoryLogger() }));
  return sent;
}

/** A message kind on a platform, the places it shows, and how it is rendered from the hostile club. */
interface Row<Out> {
  message: string;
  places: Place[];
  renderer: string;
  render(h: Hostile): Out[] | Promise<Out[]>;
}

const REPLY_PLACES: Record<keyof Hostile['replies'], Place[]> = {
  '/paper show': ['Title', 'Blurb', 'List', 'Note', 'Name'],
  '/paper search': ['Title', 'Blurb'],
  '/notes': ['Title', 'Note', 'Name'],
  '/suggestions': ['Idea', 'Name'],
  '/suggest (public)': ['Idea', 'Name'],
  '/paper links': ['Title', 'Label'],
  '/leaderboard': ['Name'],
  '/club export': ['Title', 'Note', 'Name', 'Idea', 'Label'],
};
const replyRows = <Out,>(renderer: string, render: (r: Reply) => Out[]): Array<Row<Out>> =>
  (Object.keys(REPLY_PLACES) as Array<keyof Hostile['replies']>).map((command) => ({
    message: `reply to ${command}`,
    places: REPLY_PLACES[command],
    renderer,
    render: (h) => render(h.replies[command]),
  }));

const DISCORD: Array<Row<DiscordShown>> = [
  ...replyRows('discord/render.ts renderReply', (r) => [discordShown(renderDiscordReply(r))]),
  // Presenters are mentioned by id on Discord (their names are not in the post).
  { message: 'weekly post', places: ['Title', 'Blurb', 'List'], renderer: 'discord/weekly-post.ts renderWeeklyPost', render: (h) => [discordShown(renderWeeklyPost(h.post))] },
  { message: 'weekly post, edited', places: ['Title', 'Blurb', 'List'], renderer: 'discord/post-update.ts renderPostEdit', render: (h) => [discordShown(renderPostEdit(h.post))] },
  { message: 'vote (poll)', places: ['Title', 'Idea', 'Name'], renderer: 'discord/polls.ts renderVotePoll', render: (h) => [discordShown(renderVotePoll(h.vote) as Parameters<typeof discordShown>[0])] },
  { message: 'vote result (channel)', places: ['Idea'], renderer: 'discord/delivery.ts notifyClub', render: (h) => discordSent(async (d) => d.notifyClub(await h.w.club(), h.resultText)) },
  { message: 'new link (thread)', places: ['Title', 'Label'], renderer: 'discord/delivery.ts postInThread', render: (h) => discordSent(async (d) => d.postInThread!(await h.w.club(), { channel: OURS.channel, messageId: 'post-1' }, h.linkText)) },
];

interface SlackShown {
  text: string;
  blocks: unknown;
}
const SLACK: Array<Row<SlackShown>> = [
  ...replyRows('slack/render.ts renderReply', (r) => renderSlackReply(r)),
  // A presenter with no Slack user id is shown by name (escaped); real ids become <@U…> mentions.
  { message: 'weekly post', places: ['Title', 'Blurb', 'List', 'Name'], renderer: 'slack/weekly-post.ts renderSlackPost', render: (h) => [renderSlackPost(h.post)] },
  { message: 'vote', places: ['Title', 'Idea', 'Name'], renderer: 'slack/vote.ts renderSlackVote', render: (h) => [renderSlackVote(h.vote, 'UTC')] },
  { message: 'Home tab', places: ['Title', 'Blurb', 'Note'], renderer: 'slack/home-view.ts renderHomeView', render: (h) => [{ text: '', blocks: renderHomeView(h.home).blocks }] },
  { message: 'vote result (channel)', places: ['Idea'], renderer: 'slack/delivery.ts notifyClub', render: (h) => slackSent(async (d) => d.notifyClub(await h.w.club(), h.resultText)) },
  { message: 'new link (thread)', places: ['Title', 'Label'], renderer: 'slack/delivery.ts postInThread', render: (h) => slackSent(async (d) => d.postInThread!(await h.w.club(), { channel: OURS.channel, messageId: '1.0' }, h.linkText)) },
];

/** The club's page as the core serves it (`GET /club/<token>`), switched on with its leaderboard. */
async function clubPageHtml(h: Hostile): Promise<string[]> {
  const on = await h.w.run(ADMIN, 'club page', { mode: 'on', leaderboard: true });
  expect(on.error ? on.text : 'ok').toBe('ok');
  const token = await valueOf<string>(h.w.db, 'SELECT token FROM club_pages');
  return [(await h.w.core.clubPage(token))!.html];
}

/** The club's web page (issue 28): meeting 1 underway (the next-meeting card), then held (the history). */
const WEB_PAGE: Array<Row<string>> = [
  { message: 'club page, meeting underway', places: ['Title', 'Blurb', 'Name'], renderer: 'render/club-page.ts renderClubPage', render: clubPageHtml },
  {
    message: 'club page, meeting held (history, leaderboard)',
    places: ['Title', 'Name', 'Label'],
    renderer: 'render/club-page.ts renderClubPage',
    render: (h) => (h.w.clock.set(h.slot + 2 * 3_600_000), clubPageHtml(h)),
  },
];

/** Renderers that show no person's words, or show them where nothing is parsed, each with why. */
const NO_USER_TEXT: Record<string, string> = {
  'slack/form-view.ts renderFormView': 'a modal of our own labels; what is typed in it comes back as a command',
  'console/render.ts renderReply': 'the terminal playground: text is printed, nothing is parsed or pinged',
  'console/render.ts renderPost': 'the terminal playground',
  'console/render.ts renderVote': 'the terminal playground',
};

const allText = (blocks: unknown) => JSON.stringify(blocks);

describe('GIVEN a hostile value in every place a person\'s words reach (table d: escaping)', () => {
  for (const { value, label } of HOSTILE.slack) {
    it(`THEN on Slack every message shows ${JSON.stringify(value)} escaped in each of its places, and never raw`, async () => {
      const h = await hostileClub(value, label);
      // Written out, not computed by the code under test: & < > as entities.
      const escaped = value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      const escapedLabel = label.replace(/&/g, '&amp;');
      for (const row of SLACK) {
        const messages = await row.render(h);
        expect(messages.length, row.message).toBeGreaterThan(0);
        const blocks = messages.map((m) => allText(m.blocks)).join('\n');
        for (const place of row.places) expect(blocks, `${row.message}: ${place}`).toContain(place === 'Label' ? said(place, escapedLabel) : said(place, escaped));
        for (const m of messages) {
          expect(allText(m.blocks), row.message).not.toContain(value);
          expect(m.text, `${row.message}: fallback text`).not.toContain(value);
        }
      }
      await h.w.db.close();
    });
  }

  for (const { value, label } of HOSTILE.discord) {
    it(`THEN on Discord every message shows ${JSON.stringify(value)} as written in each of its places, with allowed_mentions that ping no one it names`, async () => {
      const h = await hostileClub(value, label);
      for (const row of DISCORD) {
        const messages = await row.render(h);
        expect(messages.length, row.message).toBeGreaterThan(0);
        const shown = messages.map((m) => m.text).join('\n');
        for (const place of row.places) expect(shown, `${row.message}: ${place}`).toContain(said(place, place === 'Label' ? label : value));
        for (const m of messages) {
          // Only the weekly post may ping: its presenter (member-1), by the id Discord gave them.
          const allowed = row.message === 'weekly post' ? { parse: [], users: ['member-1'] } : { parse: [] };
          expect(m.allowedMentions, row.message).toEqual(allowed);
        }
      }
      await h.w.db.close();
    });
  }

  for (const { value, label } of HOSTILE.web) {
    it(`THEN on the club's web page ${JSON.stringify(value)} is text in each of its places (entities), never markup, and no note is there`, async () => {
      const h = await hostileClub(value, label);
      // Written out, not computed by the code under test: & < > " ' as entities.
      const entities = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
      for (const row of WEB_PAGE) {
        const pages = await row.render(h);
        expect(pages.length, row.message).toBeGreaterThan(0);
        for (const html of pages) {
          for (const place of row.places) expect(html, `${row.message}: ${place}`).toContain(entities(said(place, place === 'Label' ? label : value)));
          expect(html, row.message).not.toContain(value);
          // The page never shows notes.
          expect(html, `${row.message}: a note`).not.toContain(WORDS.Note);
        }
      }
      await h.w.db.close();
    });
  }
});

describe('GIVEN the escaping table (completeness)', () => {
  it('THEN every exported render function of an adapter is a row (or shows no person\'s words, with why)', () => {
    const exported: string[] = [];
    for (const platform of ['discord', 'slack', 'console', 'http']) {
      for (const file of readdirSync(join('src/platforms', platform)).filter((f) => f.endsWith('.ts'))) {
        const source = readFileSync(join('src/platforms', platform, file), 'utf8');
        for (const m of source.matchAll(/^export (?:async )?function (render\w*)/gm)) exported.push(`${platform}/${file} ${m[1]}`);
      }
    }
    expect(exported.length).toBeGreaterThan(8);
    const placed = new Set([...DISCORD, ...SLACK, ...WEB_PAGE].map((r) => r.renderer).concat(Object.keys(NO_USER_TEXT)));
    expect(exported.filter((r) => !placed.has(r))).toEqual([]);
  });

  it('THEN every place is shown by some message on each platform', () => {
    for (const rows of [DISCORD, SLACK]) expect(new Set(rows.flatMap((r) => r.places))).toEqual(new Set(PLACES));
  });
});
