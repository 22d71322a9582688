import { decodeAction } from '../button-actions.ts';
import { mapInOrder } from '../in-order.ts';
import { createHash } from 'node:crypto';
import type { Clock } from '../clock.ts';
import { clubByFeedToken, feedToken, feedUrl } from '../club/calendar-feed.ts';
import { clubByPageToken, pageOf, pageUrl, servePagesAt } from '../club/club-page.ts';
import { clubPageData } from '../club/club-page-data.ts';
import { renderClubPage } from '../render/club-page.ts';
import { clubCalendar } from '../club/calendar-events.ts';
import { allCommands } from '../commands/index.ts';
import { parseCommandLine } from '../commands/parse-line.ts';
import { helpReply } from '../commands/help.ts';
import { suggest } from '../commands/suggestions.ts';
import type { Args, Command, CommandContext, Reply, SuggestionSource } from '../commands/types.ts';
import { commandPath } from '../commands/types.ts';
import { validateArgs } from '../commands/validate-args.ts';
import { resolveReferences, todayOf } from '../commands/arguments.ts';
import { isUserError, UserError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { servedHere, type ChannelProblem, type Delivery, type PostedMessage } from '../club/ports.ts';
import { changesSection, describePlanChanges, presenterNotices, snapshotPlan, type Notice } from '../club/plan-changes.ts';
import { errorReply, privateReply } from '../render/replies.ts';
import type { Db } from '../store/db.ts';
import { DEFAULT_CLUB, type ClubDefaults } from '../club/admin-actions.ts';
import { sameEmoji } from '../club/emoji.ts';
import { abandonPost, beginPost, beginPosts, completePost, completePosts, postFactsFor, withdrawPosts } from '../club/posting.ts';
import { placeLegacyClaims } from '../club/legacy-claims.ts';
import type { Club, Member, Platform, PlannedMeeting, Where } from '../club/types.ts';
import { planUpcoming } from '../club/planning.ts';
import { memberHome, type MemberHome } from '../club/member-home.ts';
import { cancelOrphanEvents, refreshInterest, syncMeetingEvents, type MeetingEventPort } from '../club/meeting-events.ts';
import { finishVote, publishVote, voteByButton } from './vote-flow.ts';
import { closedVoteOutcome, dueVotes, openVoteClosesAt } from '../club/votes.ts';
import { voteClosingText, voteResultText } from '../render/vote-post.ts';
import { postUpdateFacts } from '../club/posting.ts';
import { renderPostUpdate, type PostUpdate } from '../render/reply.ts';
import { renderBegunPost, renderWeeklyPost, type BegunPost, type PostContent } from '../render/weekly-post.ts';

/** How far back a run looks for vote results not told (a crash between close and message): two days. */
const UNTOLD_RESULTS_MS = 2 * 24 * 3_600_000;

/** `/paper now` fetches a club's interested counts at most this often. */
const INTEREST_FETCH_GAP_MS = 15_000;

/** Whose home page (Slack App Home) may show something new: one member's, or everyone's in the workspace. */
export interface HomeChange {
  platform: Platform;
  workspace: string;
  /** The one member whose own data changed; absent when what every member sees changed (presenters, papers, dates). */
  userId?: string;
}
import { answerRotationAsk, attendAction, linksFormAction } from './club-life.ts';
import { allClubs, commandSubject, findClub, getClub, isClubAdmin, knownMemberAndMark, upsertMember } from '../store/clubs.ts';
import { getMeeting, postsOfMeeting, reactionTargetOf } from '../store/meetings.ts';
import { latestPostOf, recordedMessageIds } from '../store/meetings.ts';
import { parkClub, unparkClub } from '../store/health.ts';
import { closedVotesUntold, getVote, voteResultKind } from '../store/votes.ts';
import { recordReminder, reminderSent } from '../store/scheduler.ts';
import { meetingOfEvent } from '../store/meeting-events.ts';
import { communityOf } from '../store/catalog.ts';
import { ReadMarkWriter } from '../store/mark-writer.ts';
import { claimOnce, forgetOldClaims } from '../store/processed-events.ts';
import { NO_LOOKUPS, type PaperLookups } from '../catalog/metadata/lookups.ts';
import { ShownPapers } from './shown-papers.ts';
import type { CommandPipeline, ReactionEvent, Reactions, UserRef } from './ports.ts';
import { PlatformLinks } from './platform-links.ts';
import { Signal } from '../signal.ts';

export type { UserRef } from './ports.ts';

export interface CoreDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  defaults?: Partial<ClubDefaults>;
  /** Public base URL of the bot's HTTP server (calendar feeds, club pages), when the operator serves it (PAPERCLUB_PUBLIC_URL). */
  calendarFeedUrl?: string;
  /** Paper metadata look-ups (catalog/metadata/); off when absent. */
  lookups?: PaperLookups;
  /** The platforms' deliveries and meeting events, connected by main.ts as each adapter comes up (none: none yet). */
  links?: PlatformLinks;
  /** Told after an admin changed what scheduling depends on (schedule, pause, resume, setup, remove); the scheduler watches it. */
  clubChanges?: Signal<Club>;
  /** Told when members' home pages may show something new; the Slack adapter watches it (App Home). */
  homeChanges?: Signal<HomeChange>;
}

/** The club core: every rule of the bot, reached by every adapter through these few methods. */
export class ClubCore implements CommandPipeline, Reactions {
  readonly db: Db;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly defaults: ClubDefaults;
  readonly calendarFeedUrl: string | null;
  readonly commands: readonly Command[];
  private readonly byPath: Map<string, Command>;
  /** Each platform's delivery and meeting events (see CoreDeps). */
  readonly links: PlatformLinks;
  readonly clubChanges: Signal<Club>;
  readonly homeChanges: Signal<HomeChange>;
  private readonly sending = new Set<Promise<void>>();
  /** When each club's interested counts were last fetched for a command (see freshInterest). */
  private readonly interestFetchedAt = new Map<number, number>();
  /** Read marks from reactions, committed in groups; written before any command runs. */
  private readonly readMarks: ReadMarkWriter;
  /** Paper metadata look-ups; what shows a paper is edited when its details arrive (shown-papers.ts). */
  readonly lookups: PaperLookups;
  private readonly shownPapers: ShownPapers;

  constructor(deps: CoreDeps) {
    this.db = deps.db;
    this.clock = deps.clock;
    this.logger = deps.logger.child({ part: 'core' });
    this.defaults = { ...DEFAULT_CLUB, ...deps.defaults };
    this.calendarFeedUrl = deps.calendarFeedUrl ?? null;
    this.links = deps.links ?? new PlatformLinks();
    this.clubChanges = deps.clubChanges ?? new Signal();
    this.homeChanges = deps.homeChanges ?? new Signal();
    // Weekly posts link the club's page when it is on (posting.ts); only a core that serves pages registers where.
    if (this.calendarFeedUrl) servePagesAt(this.db, this.calendarFeedUrl);
    this.commands = allCommands;
    this.byPath = new Map(allCommands.map((c) => [commandPath(c), c]));
    this.readMarks = ReadMarkWriter.of(this.db, (err, what) => this.logger.error(what, { err }));
    this.lookups = deps.lookups ?? NO_LOOKUPS;
    this.shownPapers = new ShownPapers({ db: this.db, logger: this.logger, now: () => this.clock().getTime(), lookups: this.lookups,
      deliveryOf: (platform) => this.links.delivery(platform),
      workspaceChanged: (club) => this.homeChanged({ platform: club.platform, workspace: club.workspace }),
    });
    this.lookups.onChanged((ids, titled) => this.track(this.shownPapers.papersChanged(ids, titled)));
  }

  /** Work that goes on after its trigger (edits for fetched details): noticesSent() waits for it too. */
  private track(work: Promise<void>): void {
    const p = work.catch((err) => this.logger.warn('edit for fetched paper details failed', { err })).finally(() => this.sending.delete(p));
    this.sending.add(p);
  }

  /** Start-up work a database from an older release needs (claims on papers from before dated meetings); once. */
  async upgrade(): Promise<void> {
    await placeLegacyClaims(this.db, this.clock().getTime());
  }

  /** Writes whatever is waiting to be committed (read marks of this turn): before shutdown and direct reads. */
  async flushWrites(): Promise<void> {
    await this.readMarks.flush();
  }

  /** Resolves when every notice sent so far has been handed to its platform (tests, shutdown). */
  async noticesSent(): Promise<void> {
    while (this.sending.size) await Promise.allSettled([...this.sending]);
  }

  /** Sends private notices (DM, channel fallback) without holding up the reply; failures are logged, never thrown. */
  private sendNotices(club: Club, notices: Notice[]): void {
    if (!notices.length) return;
    const delivery = this.links.delivery(club.platform);
    if (!delivery) {
      this.logger.warn('notices not sent: the club\'s platform is not connected', { clubId: club.id, count: notices.length });
      return;
    }
    for (const n of notices) {
      const p = delivery
        .remindPresenter(club, n.member, n.text)
        .catch((err) => this.logger.warn('notice to a member failed', { clubId: club.id, memberId: n.member.id, err }))
        .finally(() => this.sending.delete(p));
      this.sending.add(p);
    }
  }

  private homeChanged(change: HomeChange): void {
    void this.homeChanges.tell(change, (err) => this.logger.warn('home change watcher failed', { err }));
  }

  // Rotation & wrap-up (issue 12)
  /**
   * A public message for the club (a rotation outcome, a meeting's new link): under the post of the meeting at
   * `meetingAt` (its thread) when it has one on this platform, else in the channel. Never throws; failures are logged.
   */
  async tellClub(club: Club, announce: { text: string; meetingAt?: number }): Promise<void> {
    const delivery = this.links.delivery(club.platform);
    if (!delivery) {
      this.logger.warn('club message not sent: the club\'s platform is not connected', { clubId: club.id });
      return;
    }
    const meeting = announce.meetingAt !== undefined ? await getMeeting(this.db, club.id, announce.meetingAt) : null;
    const post = meeting ? (await postsOfMeeting(this.db, meeting.id)).find((m) => m.platform === club.platform) : undefined;
    const send = post && delivery.postInThread ? delivery.postInThread(club, { channel: post.channel, messageId: post.messageId }, announce.text) : delivery.notifyClub(club, announce.text);
    const p = send
      .catch((err) => this.logger.warn('club message failed', { clubId: club.id, err }))
      .finally(() => this.sending.delete(p));
    this.sending.add(p);
  }

  command(path: string): Command | undefined {
    return this.byPath.get(path);
  }

  async clubFor(where: Where): Promise<Club | null> {
    return await findClub(this.db, where);
  }

  async listClubs(): Promise<Club[]> {
    return await allClubs(this.db);
  }

  private get meetingDurationMs(): number {
    return this.defaults.meetingMinutes * 60_000;
  }

  /**
   * Brings one platform's meeting events (Discord scheduled events) in line with its clubs' announced meetings, and
   * cancels those of removed clubs. Returns the published posts that now show a new event (the adapter edits them).
   */
  async syncMeetingEvents(platform: Platform, port: MeetingEventPort): Promise<PostUpdate[]> {
    const here = (c: { workspace: string }) => servedHere(this.links.delivery(platform), c);
    await cancelOrphanEvents(this.db, platform, port, this.logger, (workspace) => here({ workspace }));
    const updates: PostUpdate[] = [];
    for (const club of (await allClubs(this.db)).filter((c) => c.platform === platform && here(c))) {
      try {
        const shown = await syncMeetingEvents(this.db, club, this.clock().getTime(), this.meetingDurationMs, port, this.logger.child({ clubId: club.id }));
        updates.push(...(await this.postUpdates(club, shown)));
      } catch (err) {
        this.logger.warn('meeting events not synced', { clubId: club.id, err });
      }
    }
    return updates;
  }

  /**
   * Someone marked or unmarked interest in a platform event: when it is one of ours, its count is fetched and
   * recorded. Returns the posts to edit (empty when the count did not change or the event is not ours).
   */
  async refreshEventInterest(platform: Platform, workspace: string, eventId: string): Promise<PostUpdate[]> {
    const port = this.links.meetingEvents(platform);
    const at = await meetingOfEvent(this.db, platform, workspace, eventId);
    const club = at && (await getClub(this.db, at.clubId));
    if (!port || !at || !club) return [];
    const changed = await refreshInterest(this.db, club, this.clock().getTime(), this.meetingDurationMs, port, at.meetingAt);
    return this.postUpdates(club, changed);
  }

  private async postUpdates(club: Club, slots: number[]): Promise<PostUpdate[]> {
    return (await mapInOrder(slots, async (slot) => renderPostUpdate(await postUpdateFacts(this.db, club, slot)))).filter((u): u is PostUpdate => u !== undefined);
  }

  /**
   * Before a command that shows events: fresh counts, within a second (else the recorded ones are shown). At most
   * one fetch per club every INTEREST_FETCH_GAP_MS, however often members ask (the gateway keeps counts fresh too).
   */
  private async freshInterest(club: Club): Promise<PostUpdate | undefined> {
    const port = this.links.meetingEvents(club.platform);
    if (!port) return undefined;
    const now = this.clock().getTime();
    if (now - (this.interestFetchedAt.get(club.id) ?? -Infinity) < INTEREST_FETCH_GAP_MS) return undefined;
    this.interestFetchedAt.set(club.id, now);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<number[]>((resolve) => (timer = setTimeout(() => resolve([]), 1000)));
    try {
      const changed = await Promise.race([refreshInterest(this.db, club, this.clock().getTime(), this.meetingDurationMs, port), late]);
      return (await this.postUpdates(club, changed))[0];
    } catch (err) {
      this.logger.warn('interested counts not fetched', { clubId: club.id, err });
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * The calendar a feed token opens (`GET /calendar/<token>.ics`): the .ics text and a validator that changes only
   * when a meeting does (DTSTAMP, the time of the request, is left out of it). Null for an unknown or rotated token.
   */
  async calendarFeed(token: string): Promise<{ ics: string; etag: string } | null> {
    const club = await clubByFeedToken(this.db, token);
    if (!club) return null;
    const ics = await clubCalendar(this.db, club, this.clock().getTime(), this.meetingDurationMs);
    const stable = ics.replace(/^DTSTAMP:.*$/gm, '');
    return { ics, etag: `"${createHash('sha256').update(stable).digest('base64url').slice(0, 27)}"` };
  }

  /**
   * The club page a token opens (`GET /club/<token>`, issue 28): the HTML and a validator of it. Null for an unknown
   * or rotated token, or a page switched off. The page links the club's calendar feed (made on first use, as
   * `/club calendar-link` does), its script and icon as `local-time.js` and `favicon.svg` beside the page.
   */
  async clubPage(token: string): Promise<{ html: string; etag: string } | null> {
    const opened = await clubByPageToken(this.db, token);
    if (!opened) return null;
    const now = this.clock().getTime();
    const calendarUrl = this.calendarFeedUrl ? feedUrl(this.calendarFeedUrl, await feedToken(this.db, opened.club.id, now)) : null;
    const data = await clubPageData(this.db, opened.club, now, { durationMs: this.meetingDurationMs, leaderboard: opened.leaderboard, calendarUrl });
    const html = renderClubPage(data, { scriptSrc: 'local-time.js', iconHref: 'favicon.svg' });
    return { html, etag: `"${createHash('sha256').update(html).digest('base64url').slice(0, 27)}"` };
  }

  /** The URL of the club's page when it is on and this bot serves pages, else null. */
  async pageLink(clubId: number): Promise<string | null> {
    const page = this.calendarFeedUrl ? await pageOf(this.db, clubId) : null;
    return page && this.calendarFeedUrl ? pageUrl(this.calendarFeedUrl, page.token) : null;
  }

  /** A member's own page across one workspace's clubs: next meetings, progress, sign-ups, latest notes (Slack App Home). */
  async memberHome(where: Pick<Where, 'platform' | 'workspace'>, userId: string): Promise<MemberHome> {
    return await memberHome(this.db, where.platform, where.workspace, userId, this.clock().getTime(), this.defaults.meetingMinutes * 60_000);
  }

  async member(where: Pick<Where, 'platform' | 'workspace'>, user: Pick<UserRef, 'userId' | 'displayName'>): Promise<Member> {
    return await upsertMember(this.db, where.platform, where.workspace, user.userId, user.displayName || user.userId);
  }

  private async context(where: Where, user: UserRef): Promise<CommandContext> {
    const subject = await commandSubject(this.db, where, user.userId, user.displayName || user.userId);
    const club = subject.club;
    const member = subject.member ?? (await this.member(where, user));
    const isAdmin = Boolean(user.isPlatformAdmin) || subject.clubAdmin;
    return {
      db: this.db,
      defaults: this.defaults,
      memberOf: async (u) => await this.member(where, u),
      where,
      club,
      member,
      isAdmin,
      clock: this.clock,
      calendarFeedUrl: this.calendarFeedUrl,
      lookups: this.lookups,
    };
  }

  /** When claims of interactions were last pruned (once an hour is plenty: they are kept two days). */
  private claimsPrunedAt = 0;

  /**
   * Whether this process answers an interaction: true for the first process to ask, once across every process on the
   * database. Discord sends an interaction to every session of its server's shard, and during a rolling deploy or
   * with a spare process two processes may run the same shard; without this both would run the command.
   */
  async takeInteraction(platform: Platform, interactionId: string): Promise<boolean> {
    const now = this.clock().getTime();
    await this.forgetOldClaims(now);
    return await claimOnce(this.db, `${platform}:interaction`, interactionId, now);
  }

  /** Claims of events (interactions, Slack's re-sent events) are kept two days; older ones go, once an hour. */
  private async forgetOldClaims(now: number): Promise<void> {
    if (now - this.claimsPrunedAt < 3_600_000) return;
    this.claimsPrunedAt = now;
    await forgetOldClaims(this.db, now).catch((err: unknown) => this.logger.warn('pruning old event claims failed', { err }));
  }

  /** Runs a command by path. Never throws: expected failures become private error replies, the rest are logged. */
  async execute(req: { where: Where; user: UserRef; command: string; args: Args; /** Typed in a text UI (executeLine). */ textUi?: boolean }): Promise<Reply> {
    // A command may delete what waiting marks refer to (a club, a member): they go in first.
    await this.readMarks.flush();
    const cmd = this.byPath.get(req.command);
    if (!cmd) return errorReply(`Unknown command '${req.command}'. Try help for the list.`);
    return this.guard(req.command, req.where, async () => {
      const ctx = await this.context(req.where, req.user);
      if (cmd.admin && !ctx.isAdmin) {
        throw new UserError('not-admin', `/${commandPath(cmd)} is for club admins (Manage Server on Discord, workspace admins on Slack).`);
      }
      if ((cmd.needsClub || cmd.admin) && !ctx.club && cmd.name !== 'setup') {
        throw new UserError('no-club', 'This channel has no paper club yet. An admin can start one with /club setup.');
      }
      // Every argument is checked against the command's spec before its handler can change anything; meetings, dates
      // and papers are read by one grammar (commands/arguments.ts), dates in the club's own calendar.
      const args = await resolveReferences(ctx, cmd, validateArgs(cmd, req.args, req.textUi === true, todayOf(ctx)));
      const now = this.clock().getTime();
      const before = cmd.affectsPlan && ctx.club ? await snapshotPlan(this.db, ctx.club, now) : null;
      // A changed count also freshens the weekly post that shows it (the adapter edits it with the reply).
      const countUpdate = cmd.refreshesEvents && ctx.club ? await this.freshInterest(ctx.club) : undefined;
      const { notices = [], vote, announce, ...handled } = await cmd.handle(ctx, args);
      let reply: Reply = handled.postUpdate || !countUpdate ? handled : { ...handled, postUpdate: countUpdate };
      // Votes: published or settled on the platform before the plan is compared, so presenters hear of a new paper.
      if (vote && ctx.club) reply = await this.voteStep(ctx.club, vote, reply);
      // Read again only after a command that can change the club's row; the others leave it as it was.
      const mayChangeClub = cmd.admin || cmd.affectsPlan || cmd.affectsSchedule || cmd.checksChannel || Boolean(vote);
      const fresh = mayChangeClub ? await this.clubFor(req.where) : ctx.club;
      // Presenters whose date or paper changed are told, whatever the command was; the reply says all that changed.
      const after = before && fresh && cmd.affectsPlan ? await snapshotPlan(this.db, fresh, now) : null;
      const planNotices = before && after ? presenterNotices(before, after) : [];
      const told = [...notices, ...planNotices];
      if (before && after && !reply.error) reply = { ...reply, text: reply.text + changesSection(describePlanChanges(before, after), told) };
      const club = fresh ?? ctx.club;
      if (club) this.sendNotices(club, told);
      if (club && announce) await this.tellClub(club, announce);
      // An admin acting in the club is the signal that a broken channel may be fixed: the scheduler tries again.
      if (cmd.admin && fresh && (await unparkClub(this.db, fresh.id))) this.logger.info('club unparked by an admin command', { clubId: fresh.id, command: req.command });
      if (cmd.checksChannel && fresh) reply = await this.checkChannel(fresh, req.where, reply);
      // Not ctx.club: it is null when /club setup has just created the club, which the scheduler must hear about too.
      // After /club remove only ctx.club knows the id; the scheduler then finds it gone and drops its job.
      // Awaited: the reply comes once the schedule follows the change (as when it all ran in one synchronous step).
      if (cmd.affectsSchedule && club) await this.clubChanges.tell(club, (err) => this.logger.error('schedule not updated after a club change', { clubId: club.id, err }));
      const home = cmd.changesHome ?? (cmd.admin ? 'everyone' : 'nothing');
      if (home !== 'nothing' && !reply.error) {
        this.homeChanged({ platform: req.where.platform, workspace: req.where.workspace, ...(home === 'member' ? { userId: req.user.userId } : {}) });
      }
      return reply;
    });
  }

  /** Text UIs: parses '/paper now', 'signup 12', 'note lora "text"' and runs it. */
  async executeLine(req: {
    where: Where;
    user: UserRef;
    line: string;
    /** Text UIs name files by reference; the adapter fetches their text (the console reads a local path). */
    loadAttachment?: (ref: string) => Promise<{ name: string; content: string }>;
  }): Promise<Reply> {
    try {
      const parsed = parseCommandLine(req.line, this.commands);
      if (parsed.help) return helpReply(this.commands, parsed.help === true ? undefined : parsed.help);
      const cmd = this.byPath.get(parsed.command)!;
      for (const opt of cmd.options.filter((o) => o.type === 'attachment')) {
        const ref = parsed.args[opt.name] as { name: string } | undefined;
        if (!ref) continue;
        if (!req.loadAttachment) throw new UserError('no-attachments', 'Files cannot be attached here. Use the CLI: npx paperclub import FILE.');
        try {
          parsed.args[opt.name] = await req.loadAttachment(ref.name);
        } catch {
          throw new UserError('unreadable-file', `Could not read '${ref.name.slice(0, 80)}'. Check the path.`);
        }
      }
      return await this.execute({ where: req.where, user: req.user, command: parsed.command, args: parsed.args, textUi: true });
    } catch (err) {
      if (isUserError(err)) return errorReply(err.message);
      throw err;
    }
  }

  /** Button clicks, in the text form of src/button-actions.ts. */
  async runAction(req: { where: Where; user: UserRef; action: string }): Promise<Reply> {
    await this.readMarks.flush();
    const action = decodeAction(req.action);
    const club = action ? await getClub(this.db, action.clubId) : undefined;
    if (!action || !club) return errorReply('That button is out of date.');
    // Rotation & wrap-up (issue 12): the rotation's Accept / Pass is pressed in a DM, so it is checked against the
    // asked member instead of the channel.
    if (action.kind === 'rotation') return this.guard('rotation answer', req.where, () => answerRotationAsk(this, club, req, action.askId, action.answer));
    // A button acts only where it was pressed: a crafted action naming another club (another channel, workspace
    // or platform) must not create members or marks there.
    const at = req.where;
    if (at.platform !== club.platform || at.workspace !== club.workspace || at.channel !== club.channel) {
      this.logger.warn('button from outside its club refused', { clubId: club.id, platform: at.platform, workspace: at.workspace, channel: at.channel });
      return errorReply("That button belongs to another channel's paper club.");
    }
    const where: Where = { platform: club.platform, workspace: club.workspace, channel: club.channel, ...(at.channelName ? { channelName: at.channelName } : {}) };
    // Rotation & wrap-up (issue 12): buttons on a post whose meeting has started.
    switch (action.kind) {
      case 'attend':
        return this.guard('attend', where, async () => await attendAction(this, club, where, req.user, action.meetingAt));
      case 'links': {
        const isAdmin = Boolean(req.user.isPlatformAdmin) || (await isClubAdmin(this.db, club.id, req.user.userId));
        return this.guard('links form', where, async () => await linksFormAction(this, club, where, req.user, isAdmin, action.meetingAt));
      }
      case 'signup': {
        // The meeting the button was posted for; older buttons name only the paper.
        const week = action.meetingAt !== undefined ? `@${action.meetingAt}` : { paperId: action.paperId };
        return this.execute({ where, user: req.user, command: 'signup', args: { week } });
      }
      case 'read':
        return this.execute({ where, user: req.user, command: 'read', args: { paper: { paperId: action.paperId }, via: 'button' } });
      case 'vote': {
        const member = await this.member(where, req.user);
        return this.guard('vote', where, async () =>
          privateReply(await voteByButton(this.db, this.links.delivery(club.platform), club, member, action.voteId, action.idx, this.clock().getTime(), this.logger)),
        );
      }
    }
  }

  /**
   * After setup or a schedule change: can the bot post, react and open threads in the channel? When not,
   * the club is parked (the admin is being told right here) and the reply turns private, saying what to fix.
   */
  private async checkChannel(club: Club, where: Where, reply: Reply): Promise<Reply> {
    const delivery = this.links.delivery(where.platform);
    const check = delivery?.checkChannel?.bind(delivery);
    if (!check || reply.error) return reply;
    let problem: ChannelProblem | null;
    try {
      problem = await check(where);
    } catch (err) {
      // Could not tell (network, rate limit): say nothing; the scheduler's own failures will tell if it is broken.
      this.logger.warn('channel check failed', { clubId: club.id, platform: where.platform, channel: where.channel, err });
      return reply;
    }
    if (!problem) return reply;
    await parkClub(this.db, club.id, problem, this.clock().getTime(), { told: true });
    this.logger.warn('club channel unusable: parked until fixed', { clubId: club.id, cause: problem.cause });
    return {
      ...reply,
      private: true,
      error: true,
      text: `${problem.advice} Until then the club waits: nothing is posted here.\n\n${reply.text}`,
    };
  }

  /** Autocomplete choices (at most 25). */
  async suggest(req: { where: Where; user: UserRef; source: SuggestionSource; query: string }): Promise<Array<{ name: string; value: string }>> {
    try {
      return await suggest(this.db, await this.clubFor(req.where), req.source, req.query, this.clock().getTime(), { userId: req.user.userId, community: communityOf(req.where) });
    } catch (err) {
      this.logger.error('autocomplete failed', { source: req.source, err });
      return [];
    }
  }

  /**
   * A reaction on a message: the club's read emoji on a meeting's post marks its paper read (removal un-marks).
   * `eventId` makes re-sent platform events apply once.
   */
  async reaction(req: ReactionEvent): Promise<{ applied: boolean; reason: string }> {
    try {
      if (!req.user.userId) return { applied: false, reason: 'no user' };
      if (req.eventId) await this.forgetOldClaims(this.clock().getTime());
      // The lookups (post, club, member, the mark's state) go together (Db.lookups); the mark itself waits in the
      // writer's group (read-mark-writer.ts). Only a member new to the bot, or renamed, is written first, on its own.
      let step = await this.db.lookups(async (db) => this.reactionStep(db, req, null));
      if ('member' in step) step = await this.reactionStep(this.db, req, await this.member(req, req.user));
      // A full group is written after the read transaction, in a write transaction of its own.
      if (this.readMarks.full) await this.readMarks.flush();
      if (!('applied' in step)) throw new Error('reaction: member not stored');
      if (step.applied) this.homeChanged({ platform: req.platform, workspace: req.workspace, userId: req.user.userId });
      return step;
    } catch (err) {
      this.logger.error('reaction failed', { messageId: req.messageId, err });
      return { applied: false, reason: 'error' };
    }
  }

  /** One reaction's reads and its place in the writer's group; asks for the member row when it must be written. */
  private async reactionStep(db: Db, req: Parameters<ClubCore['reaction']>[0], stored: Member | null): Promise<{ applied: boolean; reason: string } | { member: 'write' }> {
    const target = await this.readTarget(db, req);
    if ('reason' in target) return { applied: false, reason: target.reason as string };
    // The member and whether their mark is stored, in one query (a member written just now: the mark is read on its own).
    const known = stored
      ? { member: stored, marked: undefined }
      : await knownMemberAndMark(db, req.platform, { workspace: req.workspace, userId: req.user.userId, displayName: req.user.displayName || req.user.userId }, target.paperId);
    if (!known) return { member: 'write' };
    const now = this.clock().getTime();
    if (req.eventId && !(await this.readMarks.claimEvent(db, req.platform, req.eventId, now))) return { applied: false, reason: 'duplicate event' };
    const changed = await this.readMarks.set(db, known.member.id, target.paperId, target.clubId, 'reaction', req.added, now, known.marked);
    return { applied: changed, reason: changed ? (req.added ? 'marked read' : 'unmarked') : 'no change' };
  }

  /** Whether a reaction would count as a read mark, so adapters can skip unrelated reactions before any API call. */
  async isReadReaction(req: { platform: Platform; channel: string; messageId: string; emoji: string }): Promise<boolean> {
    return !('reason' in (await this.readTarget(this.db, req)));
  }

  /** The meeting a reaction marks read: the club's read emoji on one of its meeting posts. */
  private async readTarget(db: Db, req: { platform: Platform; channel: string; messageId: string; emoji: string }) {
    const target = await reactionTargetOf(db, req.platform, req.channel, req.messageId);
    if (!target || target.paperId === null) return { reason: 'not a meeting post' } as const;
    if (!sameEmoji(req.emoji, target.readEmoji)) return { reason: 'other emoji' } as const;
    return { clubId: target.clubId, paperId: target.paperId };
  }

  /** The next meeting not announced yet that has a paper (what an early "post now" would announce). */
  async nextAnnouncement(club: Club): Promise<PlannedMeeting | null> {
    return (await planUpcoming(this.db, club, this.clock().getTime(), 12)).find((m) => m.status === 'upcoming' && m.paper) ?? null;
  }

  /** First half of the weekly post (see posting.ts). */
  async beginPost(clubId: number, slotAt: number): Promise<BegunPost | null> {
    const begun = renderBegunPost(await beginPost(this.db, clubId, slotAt, this.clock().getTime()));
    if (begun) await this.shownPapers.lookUpNext([{ clubId, paperId: begun.meeting.paperId }]);
    return begun;
  }

  /** beginPost for many clubs, recorded in one commit (each still before its send). */
  async beginPosts(items: ReadonlyArray<{ clubId: number; slotAt: number }>): Promise<Array<BegunPost | null>> {
    const begun = (await beginPosts(this.db, items, this.clock().getTime())).map(renderBegunPost);
    await this.shownPapers.lookUpNext(begun.flatMap((b) => (b ? [{ clubId: b.club.id, paperId: b.meeting.paperId }] : [])));
    return begun;
  }

  /** A pending post whose meeting passed: recorded missed, its paper back in the queue (see posting.ts). */
  async abandonPost(clubId: number, slotAt: number): Promise<boolean> {
    return await abandonPost(this.db, clubId, slotAt, this.clock().getTime());
  }

  /** Message ids a platform has recorded for meeting posts; an adapter that names its own messages continues after them. */
  async recordedMessageIds(platform: Platform): Promise<string[]> {
    return await recordedMessageIds(this.db, platform);
  }

  /** The club's latest meeting post on a platform, also one made before a restart. */
  async latestPost(clubId: number, platform: Platform): Promise<PostedMessage | null> {
    const latest = await latestPostOf(this.db, clubId, platform);
    return latest && { channel: latest.channel, messageId: latest.messageId };
  }

  /**
   * The club's latest meeting post on a platform as it reads now (its buttons too), also one made before a restart:
   * a text UI that cannot keep what it printed finds its buttons here.
   */
  async latestPostContent(clubId: number, platform: Platform): Promise<{ message: PostedMessage; post: PostContent } | null> {
    const latest = await latestPostOf(this.db, clubId, platform);
    const club = latest && (await getClub(this.db, clubId));
    const meeting = club && (await getMeeting(this.db, clubId, latest.meetingAt));
    const facts = meeting && (await postFactsFor(this.db, club, meeting, undefined, undefined, this.clock().getTime()));
    const post = facts && renderWeeklyPost(facts);
    return post ? { message: { channel: latest.channel, messageId: latest.messageId }, post } : null;
  }

  /** Second half of the weekly post: record where it landed. */
  async completePost(clubId: number, slotAt: number, message: PostedMessage): Promise<void> {
    await completePost(this.db, clubId, slotAt, message, this.clock().getTime());
    // Its paper's details may have arrived while it was being sent: it is edited now.
    this.track(this.shownPapers.postRecorded(clubId, slotAt));
    // A new meeting is announced: every member's page shows it (also in completePosts).
    const club = this.homeChanges.watched ? await getClub(this.db, clubId) : null;
    if (club) this.homeChanged({ platform: club.platform, workspace: club.workspace });
  }

  /** Begun posts never handed to the platform: records removed, papers back in the queue (see posting.ts). */
  async withdrawPosts(items: ReadonlyArray<{ clubId: number; slotAt: number }>): Promise<void> {
    await withdrawPosts(this.db, items);
  }

  /** completePost for many posts, recorded in one commit. */
  async completePosts(items: ReadonlyArray<{ clubId: number; slotAt: number; message: PostedMessage }>): Promise<void> {
    await completePosts(this.db, items, this.clock().getTime());
    for (const i of items) this.track(this.shownPapers.postRecorded(i.clubId, i.slotAt));
    // Once per workspace (a group may hold many clubs of one workspace); no lookups when nobody listens.
    if (!this.homeChanges.watched) return;
    const places = new Map<string, HomeChange>();
    for (const i of items) {
      const club = await getClub(this.db, i.clubId);
      if (club) places.set(`${club.platform}:${club.workspace}`, { platform: club.platform, workspace: club.workspace });
    }
    for (const change of places.values()) this.homeChanged(change);
  }

  // Votes
  /** A vote opened by a command is published on the platform; one being closed is read there and settled. */
  private async voteStep(club: Club, step: NonNullable<Reply['vote']>, reply: Reply): Promise<Reply> {
    const delivery = this.links.delivery(club.platform);
    const log = this.logger.child({ clubId: club.id, voteId: step.id });
    if (step.step === 'open') {
      const published = await publishVote(this.db, delivery, club, step.id, this.clock().getTime(), log);
      if (!published.ok) return errorReply(published.reason);
      // The channel sees the vote message itself; the admin gets a private word instead of a second list.
      return published.published ? privateReply(`Vote posted in the channel. ${voteClosingText(await openVoteClosesAt(this.db, step.id), club)} End it early with /club vote close.`) : reply;
    }
    try {
      const now = this.clock().getTime();
      const result = await finishVote(this.db, delivery, step.id, now, log);
      // The admin's answer tells it: no run tells it again.
      await recordReminder(this.db, club.id, result.vote.closesAt, voteResultKind(step.id), now);
      return { ...reply, text: result.text };
    } catch (err) {
      if (isUserError(err)) throw err;
      log.warn('vote close failed: it stays open', { err });
      return errorReply('Could not read the vote on the platform; it stays open. Please try again in a minute.');
    }
  }

  /**
   * Closes every vote that is due (its time is up, or its meeting is about to be announced): the scheduler runs it
   * before posting. The result goes to the club's channel; presenters whose paper changed are told. Never throws.
   */
  async closeDueVotes(now = this.clock().getTime(), withLock: (clubId: number, fn: () => Promise<void>) => Promise<void> = (_id, fn) => fn()): Promise<number> {
    let closed = 0;
    for (const due of await dueVotes(this.db, now)) {
      await withLock(due.clubId, async () => {
        const vote = await getVote(this.db, due.id);
        if (vote?.state !== 'open') return; // settled meanwhile (an admin's /club vote close)
        const club = await getClub(this.db, vote.clubId);
        const delivery = club ? this.links.delivery(club.platform) : undefined;
        // A published vote is read on its platform; while that platform is not connected, it waits. Another
        // process's server (its Discord shard) is closed there.
        if (!club || (vote.messageId && !delivery) || !servedHere(delivery, club)) return;
        const log = this.logger.child({ clubId: club.id, voteId: vote.id });
        try {
          const before = await snapshotPlan(this.db, club, now);
          const result = await finishVote(this.db, delivery, vote.id, now, log);
          closed++;
          const fresh = (await getClub(this.db, club.id)) ?? club;
          const after = await snapshotPlan(this.db, fresh, now);
          const notices = presenterNotices(before, after);
          this.sendNotices(fresh, notices);
          const text = result.text + changesSection(describePlanChanges(before, after), notices);
          await this.tellVoteResult(fresh, delivery, result.vote, text, now, log);
        } catch (err) {
          // Settled meanwhile by an admin's /club vote close (its result is theirs to announce).
          if (isUserError(err)) log.info('due vote closed by someone else meanwhile', { err });
          else log.warn('due vote not closed: tried again on the next run', { err });
        }
      });
    }
    // Results a process closed and died before telling (crash between the close and its message): told now.
    for (const vote of await closedVotesUntold(this.db, now - UNTOLD_RESULTS_MS)) {
      await withLock(vote.clubId, async () => {
        if (await reminderSent(this.db, vote.clubId, vote.closesAt, voteResultKind(vote.id))) return; // told meanwhile
        const club = await getClub(this.db, vote.clubId);
        const delivery = club ? this.links.delivery(club.platform) : undefined;
        if (!club || !delivery || !servedHere(delivery, club)) return;
        const outcome = await closedVoteOutcome(this.db, vote, now);
        if (!outcome) return;
        const log = this.logger.child({ clubId: club.id, voteId: vote.id });
        await this.tellVoteResult(club, delivery, vote, voteResultText(outcome), now, log);
        log.info('vote result told after a restart (its closing process stopped first)');
      });
    }
    return closed;
  }

  /**
   * Tells a closed vote's result in its channel and records it told. Once: the record is what later runs look for,
   * and a re-send after a crash between the two carries the same name, which Discord answers with the first message.
   * A failed send is logged; the next run tells it (it is not recorded).
   */
  private async tellVoteResult(club: Club, delivery: Delivery | undefined, vote: { id: number; closesAt: number }, text: string, now: number, log: Logger): Promise<void> {
    if (!delivery) return;
    const kind = voteResultKind(vote.id);
    try {
      await delivery.notifyClub(club, text, { once: kind });
    } catch (err) {
      log.warn('vote result not announced; the next run tries again', { err });
      return;
    }
    await recordReminder(this.db, club.id, vote.closesAt, kind, now);
  }

  private async guard(what: string, where: Where, fn: () => Promise<Reply>): Promise<Reply> {
    try {
      return await fn();
    } catch (err) {
      if (isUserError(err)) return errorReply(err.message);
      this.logger.error('command failed', { command: what, platform: where.platform, channel: where.channel, err });
      return errorReply('Something went wrong on our side; it has been logged. Please try again.');
    }
  }
}
