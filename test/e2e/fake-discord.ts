/**
 * A local stand-in of Discord on 127.0.0.1: REST over HTTP and a gateway over WebSocket, enough for the
 * real discord.js client to log in, receive interactions and reactions, and answer them. Every REST
 * request is recorded so tests can assert the exact bodies the bot sent.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, WebSocket } from 'ws';
import { checkDiscordRequest, invalidFormBody, warmUpDiscordSchema } from './discord-schema.ts';
import { schemaViolations } from './schema-violations.ts';
import { SLOW_PUBLIC_NOTE } from '../../src/platforms/discord/interactions.ts';
import { WAIT_MS } from './wait-until.ts';

export interface RecordedRequest {
  method: string;
  /** Path after /api/v10, decoded: '/channels/1/messages/2/reactions/✅/@me'. */
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** JSON body, or for multipart bodies the payload_json plus `files` [{ name, content }]. */
  body: any;
  /** performance.now() when the request arrived. */
  at: number;
  /** Date.now() when it arrived: Discord's deadlines (3 s, 15 min) are judged on arrival. */
  arrivedAt: number;
  /** Which bot process sent it: the tag of the base URL it was given (apiUrlFor), or null for apiUrl. */
  client: string | null;
  /** The server the request concerns (by its guild or channel id), or null (DMs, users, commands, the gateway). */
  guildId: string | null;
}

export interface FakeUser {
  id: string;
  username: string;
  bot?: boolean;
  /** Guild permissions bitfield as Discord sends it in interactions (decimal string). */
  permissions?: string;
  /** DMs to this user fail with 50007, as when the user closed their DMs. */
  dmClosed?: boolean;
}

export interface FakeGuild {
  id: string;
  name: string;
  /** Channel type as Discord numbers it: 0 text (the default), 2 voice, 13 stage. */
  channels: Array<{ id: string; name: string; type?: number }>;
  /** Custom emoji of the server: reactions with any other custom emoji are refused (10014). */
  emojis: Array<{ id: string; name: string; animated: boolean }>;
  /** The bot's own role (granted BOT_PERMS). */
  botRoleId: string;
}

/** A message an interaction's token made: its response (`@original`) or a follow-up, as Discord keeps it. */
export interface InteractionMessage {
  id: string;
  /** Seen by the caller alone (flag 64): fixed when the message is made, never changed by an edit. */
  ephemeral: boolean;
  /** A deferred response's "thinking…" placeholder, not edited yet. */
  loading: boolean;
  deleted: boolean;
  /** What it shows now (content, embeds, components, files…). */
  body: any;
}

/** What the stand-in keeps of an interaction: when it came, its one initial response, and what its token made. */
export interface InteractionRecord {
  id: string;
  token: string;
  channelId: string;
  at: number;
  answered: boolean;
  original: InteractionMessage | null;
  followUps: InteractionMessage[];
}

/** Interaction tokens work for 15 minutes (https://discord.com/developers/docs/interactions/receiving-and-responding#followup-messages). */
export const INTERACTION_TOKEN_MS = 15 * 60_000;

type Handler = (req: RecordedRequest, params: string[]) => { status: number; body?: unknown } | undefined;

const EPOCH = 1420070400000n;
let counter = 0n;
/** Increasing snowflakes, so discord.js derives sensible timestamps from ids. */
export function snowflake(at = Date.now()): string {
  counter = (counter + 1n) & 0xfffn;
  return (((BigInt(at) - EPOCH) << 22n) | (BigInt(process.pid & 0x3ff) << 12n) | counter).toString();
}

/** How long the stand-in refuses a repeated nonce under enforce_nonce ("the past few minutes": the least of it). */
const NONCE_WINDOW_MS = 2 * 60_000;

/**
 * The shard a server's events go to: `shard_id = (guild_id >> 22) % num_shards` ("Sharding Formula",
 * https://discord.com/developers/docs/events/gateway#sharding).
 */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** One gateway session: its shard and the events sent on it (for RESUME), per https://discord.com/developers/docs/events/gateway#resuming. */
interface GatewaySession {
  id: string;
  shard: [number, number];
  /** The bot process it belongs to (the tag of the URL it connected with), or null. */
  client: string | null;
  seq: number;
  events: Array<{ s: number; t: string; d: unknown }>;
  ws: WebSocket | null;
}

/**
 * Sharding as Discord's gateway enforces it (https://discord.com/developers/docs/events/gateway#sharding and
 * https://discord.com/developers/docs/topics/opcodes-and-status-codes#gateway-gateway-close-event-codes):
 * - `shards` is what GET /gateway/bot recommends.
 * - A shard id outside 0..num_shards-1 closes the connection with 4010 (Invalid shard).
 * - "Each shard can only support a maximum of 2500 guilds": a session whose shard would hold more than
 *   `maxGuildsPerShard` servers closes with 4011 (Sharding required). Scaled down here so 20 servers need 2 shards.
 * - "Sharding for Large Bots": a bot assigned a shard number must run a multiple of it, else 4010. With
 *   `shardMultiple` set the stand-in is such a bot, and GET /gateway/bot recommends a multiple of it.
 * - "Max Concurrency": at most `max_concurrency` IDENTIFYs per 5 seconds, one per rate-limit bucket
 *   (shard_id % max_concurrency); past that the gateway answers Invalid Session (op 9, https://discord.com/developers/docs/events/gateway#rate-limiting).
 * - "Gateway events that do not contain a guild_id will only be sent to the first shard (shard_id: 0)" (DMs).
 */
export interface ShardingRules {
  shards: number;
  maxGuildsPerShard: number;
  shardMultiple: number | null;
  maxConcurrency: number;
  identifyWindowMs: number;
}

/** Manage Server and more: what an admin sends; `MEMBER_PERMS` is what an ordinary member has. */
export const ADMIN_PERMS = String((1n << 5n) | (1n << 10n) | (1n << 11n) | (1n << 3n));
export const MEMBER_PERMS = String((1n << 10n) | (1n << 11n) | (1n << 6n));

/** Channel permission bits the stand-in checks (https://discord.com/developers/docs/topics/permissions). */
export const PERM = {
  addReactions: 1n << 6n,
  viewChannel: 1n << 10n,
  sendMessages: 1n << 11n,
  embedLinks: 1n << 14n,
  readMessageHistory: 1n << 16n,
  createPublicThreads: 1n << 35n,
  sendMessagesInThreads: 1n << 38n,
  /** Send Polls: a message with a poll needs it (https://discord.com/developers/docs/topics/permissions). */
  sendPolls: 1n << 49n,
} as const;
/** Channel permissions an event in a voice or stage channel needs besides Create Events (guild-scheduled-event docs, "Permissions"). */
export const VOICE_EVENT_PERMS = PERM.viewChannel | (1n << 20n); // View Channel + Connect
export const STAGE_EVENT_PERMS = (1n << 4n) | (1n << 22n) | (1n << 23n); // Manage Channels + Mute Members + Move Members
/** What the bot's role grants by default: the invite link's channel permissions (Create Events and Connect are checked per event channel: VOICE_EVENT_PERMS). */
export const BOT_PERMS = Object.values(PERM).reduce((a, b) => a | b, 0n);

/** A Discord error answer (https://discord.com/developers/docs/topics/opcodes-and-status-codes#json). */
type Refusal = { status: number; body: { code: number; message: string } };
const refuse = (status: number, code: number, message: string): Refusal => ({ status, body: { code, message } });

/*
 * Limits the docs state and Discord's OpenAPI spec does not carry (the spec's own are checked by discord-schema.ts on
 * every request): each check below cites the page it comes from.
 */

/**
 * A message: content of at most 2,000 characters (the spec says 4,000 for channel messages), at most 6,000 characters
 * across all embeds, every embed field named, at most 5 action rows (https://discord.com/developers/docs/resources/message#create-message,
 * "Embed Limits" on https://discord.com/developers/docs/resources/message#embed-object-embed-limits,
 * https://discord.com/developers/docs/components/reference#action-row), and not empty (50006, "Cannot send an empty
 * message": one of content, embeds, components, files or poll is required).
 */
export function messageProblem(body: any, opts: { partial?: boolean } = {}): string | null {
  if (!body || typeof body !== 'object') return 'empty body';
  const content = body.content ?? '';
  if (typeof content === 'string' && content.length > 2000) return 'content: Must be 2000 or fewer in length.';
  const embeds: any[] = Array.isArray(body.embeds) ? body.embeds : [];
  let total = 0;
  for (const e of embeds) {
    for (const f of e?.fields ?? []) if (!f?.name || !f?.value) return 'embeds.fields: name and value must not be empty.';
    total += [e?.title, e?.description, e?.footer?.text, e?.author?.name].reduce((n: number, t: unknown) => n + (typeof t === 'string' ? t.length : 0), 0);
    total += (e?.fields ?? []).reduce((n: number, f: any) => n + String(f.name).length + String(f.value).length, 0);
  }
  if (total > 6000) return 'embeds: total text must be 6000 or fewer characters.';
  const rows: any[] = Array.isArray(body.components) ? body.components : [];
  if (rows.filter((r) => r?.type === 1).length > 5) return 'components: Must be 5 or fewer in length.';
  const files = body.files ?? body.attachments ?? [];
  if (!opts.partial && !content && !embeds.length && !rows.length && !files.length && !body.poll) return 'Cannot send an empty message';
  return null;
}

/** A modal holds 1 to 5 components (https://discord.com/developers/docs/components/reference#modal; the spec allows 40). */
export function modalProblem(data: any): string | null {
  const rows = data?.components ?? [];
  if (!Array.isArray(rows) || rows.length < 1 || rows.length > 5) return 'components: Must be between 1 and 5 in length.';
  return null;
}

/**
 * A poll's answers take at most 55 characters each (https://discord.com/developers/docs/resources/poll#poll-media-object:
 * "text … up to 300 for the question, 55 for any answer"; the spec allows 300 for both).
 */
export function pollProblem(poll: any): string | null {
  for (const a of poll?.answers ?? []) {
    const t = a?.poll_media?.text;
    if (typeof t === 'string' && t.length > 55) return 'poll.answers.poll_media.text: Must be between 1 and 55 in length.';
  }
  return null;
}

/**
 * Command rules the docs state beyond the spec (https://discord.com/developers/docs/interactions/application-commands,
 * "Registering a Command", "Application Command Naming", "Application Command Object"): at most 100 chat-input commands
 * (the spec allows 130 items), names matching the naming pattern and unique per level, a description of 1-100 for
 * chat-input commands and options, choices or autocomplete but not both, required options before optional ones, and
 * at most 8,000 characters per command counted as the docs count them ("a maximum of 8000 characters for combined
 * name, description, and value properties for each command, its options (including subcommands and groups), and
 * choices", application-commands.mdx, "Registering a Command").
 */
/** The characters Discord counts against a command's limit: names, descriptions and values, all the way down. */
export function combinedCharacters(o: { name?: string; description?: string; value?: unknown; options?: unknown[]; choices?: unknown[] }): number {
  const own = (o.name?.length ?? 0) + (o.description?.length ?? 0) + (typeof o.value === 'string' ? o.value.length : 0);
  return own + [...(o.options ?? []), ...(o.choices ?? [])].reduce((n: number, x) => n + combinedCharacters(x as typeof o), 0);
}

export function commandsProblem(body: unknown): string | null {
  if (!Array.isArray(body)) return 'body must be an array';
  if (body.length > 100) return 'at most 100 commands';
  const names = new Set<string>();
  const NAME = /^[-_\p{Ll}\p{Lo}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
  const checkOptions = (opts: any[] | undefined, where: string): string | null => {
    if (!opts) return null;
    const seen = new Set<string>();
    let optional = false;
    for (const o of opts) {
      if (!NAME.test(o.name ?? '') || seen.has(o.name)) return `${where}.${o.name}: invalid or duplicate name`;
      seen.add(o.name);
      if (!o.description || o.description.length > 100) return `${where}.${o.name}: description 1-100`;
      if (o.choices && o.autocomplete) return `${where}.${o.name}: autocomplete and choices are exclusive`;
      if (o.type === 1 || o.type === 2) {
        const inner = checkOptions(o.options, `${where}.${o.name}`);
        if (inner) return inner;
      } else {
        if (o.required && optional) return `${where}.${o.name}: required options must come first`;
        if (!o.required) optional = true;
      }
    }
    return null;
  };
  for (const c of body as any[]) {
    if (!NAME.test(c.name ?? '') || names.has(c.name)) return `${c.name}: invalid or duplicate command name`;
    names.add(c.name);
    if (!c.description || c.description.length > 100) return `${c.name}: description 1-100`;
    const p = checkOptions(c.options, c.name);
    if (p) return p;
    if (combinedCharacters(c) > 8000) return `${c.name}: too large`;
  }
  return null;
}

export class FakeDiscord {
  readonly requests: RecordedRequest[] = [];
  readonly applicationId = snowflake();
  readonly bot: FakeUser = { id: snowflake(), username: 'paperclub', bot: true };
  /** The server owner (not the bot: an owner has every permission, whatever the channel says). */
  readonly owner: FakeUser = { id: snowflake(), username: 'owner', permissions: ADMIN_PERMS };
  readonly users = new Map<string, FakeUser>();
  readonly guilds: FakeGuild[] = [];
  /** Stored messages per channel id, newest last. */
  readonly messages = new Map<string, any[]>();
  /** Uploaded files by attachment id (served at /attachments/:id/:name). */
  readonly attachments = new Map<string, string>();
  /** The intents of the latest IDENTIFY: Discord sends only the gateway events a client asked for. */
  identifiedIntents = 0n;
  /** Count of IDENTIFY and RESUME ops received, for reconnect tests; refusals of IDENTIFY by reason. */
  readonly gatewayOps = { identify: 0, resume: 0, invalidSession: 0, invalidShard: 0, shardingRequired: 0 };
  /** Every IDENTIFY the gateway accepted: when, from which process, for which shard. */
  readonly identifies: Array<{ at: number; client: string | null; shard: [number, number] }> = [];
  /** Nonces of messages sent with enforce_nonce, for the window Discord refuses a repeat in (see POST messages). */
  private readonly recentNonces = new Map<string, { at: number; message: any }>();
  /** How many sends with enforce_nonce returned an earlier message instead of making a new one. */
  nonceRepeats = 0;
  readonly sharding: ShardingRules;
  /** Hold the answer to matching requests this many ms (a slow Discord: shutdown tests). */
  holdResponses: ((req: RecordedRequest) => number | null) | null = null;
  /** Make any REST route fail: return a status + Discord error body for matching requests. */
  failWith: ((req: RecordedRequest) => { status: number; code: number; message: string } | null) | null = null;
  /** Every refusal the stand-in answered on its own (limits, permissions, late or repeated answers): tests assert none were unexpected. */
  readonly refusals: Array<{ method: string; path: string; code: number; message: string }> = [];
  /** Rotation & wrap-up: message threads (id = the message's id) -> parent channel, and modals shown. */
  readonly threads = new Map<string, string>();
  readonly modals: Array<{ interactionId: string; data: any }> = [];
  /** Registered slash commands: global, and per guild id. */
  readonly globalCommands: any[] = [];
  readonly guildCommands = new Map<string, any[]>();
  /** The bot's permissions per channel (default BOT_PERMS); change with setBotPermissions. */
  private readonly botPerms = new Map<string, bigint>();
  /** Interactions dispatched (by id): when, their one initial response, and the messages their token made. */
  private readonly interactions = new Map<string, InteractionRecord>();
  private readonly interactionByToken = new Map<string, InteractionRecord>();

  private server: Server | null = null;
  private wss: WebSocketServer | null = null;
  private sockets = new Set<WebSocket>();
  /** Gateway sessions by id (kept after a disconnect, for RESUME), and the session of each open socket. */
  private readonly sessions = new Map<string, GatewaySession>();
  private readonly sessionOf = new Map<WebSocket, GatewaySession>();
  /** When each identify rate-limit bucket (shard_id % max_concurrency) last took an IDENTIFY. */
  private readonly lastIdentify = new Map<number, number>();
  private waiters = new Set<() => void>();
  private routes: Array<{ method: string; re: RegExp; handler: Handler }> = [];
  port = 0;

  constructor(opts: { guilds?: number; channelsPerGuild?: number } & Partial<ShardingRules> = {}) {
    const n = opts.guilds ?? 1;
    const base = Date.now() - n;
    for (let g = 0; g < n; g++) {
      const channels = Array.from({ length: opts.channelsPerGuild ?? 2 }, (_, c) => ({ id: snowflake(), name: c === 0 ? 'paper-club' : `general-${c}` }));
      // One millisecond apart: server ids then fall on shards in turn (the formula takes the id's timestamp part).
      this.guilds.push({ id: snowflake(base + g), name: `Guild ${g + 1}`, channels, emojis: [], botRoleId: snowflake() });
    }
    this.sharding = {
      shards: opts.shards ?? 1,
      maxGuildsPerShard: opts.maxGuildsPerShard ?? 2500,
      shardMultiple: opts.shardMultiple ?? null,
      maxConcurrency: opts.maxConcurrency ?? 1,
      identifyWindowMs: opts.identifyWindowMs ?? 5000,
    };
    this.users.set(this.bot.id, this.bot);
    this.users.set(this.owner.id, this.owner);
    // Poll routes first: they answer messages that carry a poll and leave every other message to the general route.
    this.definePollRoutes();
    this.defineRoutes();
    this.defineScheduledEventRoutes();
  }

  /** Base URL to give discord.js as `rest.api` (it appends /v10). */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  /** The same API for one of several bot processes: its requests and gateway sessions are recorded with `tag`. */
  apiUrlFor(tag: string): string {
    return `http://127.0.0.1:${this.port}/c/${encodeURIComponent(tag)}/api`;
  }

  /** The shards of the open gateway sessions of a process (by tag; null: untagged). */
  shardsOf(tag: string | null): number[] {
    return [...this.sessionOf.values()].filter((s) => s.client === tag).map((s) => s.shard[0]);
  }

  addUser(u: Omit<FakeUser, 'id'> & { id?: string }): FakeUser {
    const user: FakeUser = { id: u.id ?? snowflake(), ...u } as FakeUser;
    this.users.set(user.id, user);
    return user;
  }

  /**
   * Sets what the bot may do in a channel (a member overwrite, as a server admin would in channel settings)
   * and tells connected clients (CHANNEL_UPDATE), so discord.js computes the same permissions the REST side enforces.
   */
  setBotPermissions(channelId: string, perms: bigint): void {
    this.botPerms.set(channelId, perms);
    const guild = this.guildOf(channelId);
    if (!guild) throw new Error(`unknown channel ${channelId}`);
    const i = guild.channels.findIndex((c) => c.id === channelId);
    this.dispatch('CHANNEL_UPDATE', this.channelJson(guild, guild.channels[i]!, i));
  }

  /** The bot's permissions in a channel (DMs: everything). */
  botPermissions(channelId: string): bigint {
    return this.guildOf(channelId) ? (this.botPerms.get(channelId) ?? BOT_PERMS) : BOT_PERMS;
  }

  /** Adds a custom emoji to a server (GUILD_EMOJIS_UPDATE). */
  addEmoji(guild: FakeGuild, name: string, animated = false): { id: string; name: string; animated: boolean } {
    const e = { id: snowflake(), name, animated };
    guild.emojis.push(e);
    this.dispatch('GUILD_EMOJIS_UPDATE', { guild_id: guild.id, emojis: guild.emojis.map((x) => this.emojiJson(x)) });
    return e;
  }

  /** Makes an interaction look `ms` older (answered-too-late and expired-token tests). */
  ageInteraction(id: string, ms: number): void {
    const it = this.interactions.get(id);
    if (it) it.at -= ms;
  }

  /** What Discord keeps of an interaction (its response and follow-ups), by id. */
  interaction(id: string): InteractionRecord | undefined {
    return this.interactions.get(id);
  }

  /**
   * What members of the channel see there, oldest first: the channel's messages and every interaction answer that is
   * not ephemeral, not deleted and not a "thinking…" placeholder.
   */
  channelSees(channelId: string): any[] {
    const shown: any[] = [...(this.messages.get(channelId) ?? [])];
    for (const it of this.interactions.values()) {
      if (it.channelId !== channelId) continue;
      for (const m of [it.original, ...it.followUps]) if (m && !m.ephemeral && !m.deleted && !m.loading) shown.push({ id: m.id, ...m.body });
    }
    return shown.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
  }

  private registerInteraction(id: string, token: string, channelId: string): void {
    const it: InteractionRecord = { id, token, channelId, at: Date.now(), answered: false, original: null, followUps: [] };
    this.interactions.set(id, it);
    this.interactionByToken.set(token, it);
  }

  async start(): Promise<void> {
    warmUpDiscordSchema();
    this.server = createServer((req, res) => void this.onRequest(req, res));
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (req, socket, head) => {
      const m = /^(?:\/c\/([^/]+))?\/gateway\/?$/.exec(new URL(req.url ?? '/', 'http://x').pathname);
      if (!m) return socket.destroy();
      this.wss!.handleUpgrade(req, socket, head, (ws) => this.onSocket(ws, m[1] ? decodeURIComponent(m[1]) : null));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    this.sockets.clear();
    await new Promise<void>((r) => (this.wss ? this.wss.close(() => r()) : r()));
    await new Promise<void>((r) => {
      if (!this.server) return r();
      this.server.closeAllConnections();
      this.server.close(() => r());
    });
  }

  // ---- requests --------------------------------------------------------------------------

  /** Index to pass as `since`, so a wait only sees requests made after this point. */
  mark(): number {
    return this.requests.length;
  }

  /** Resolves with the first recorded request (from `since`) matching `pred`; rejects after `timeoutMs`. */
  waitForRequest(pred: (r: RecordedRequest) => boolean, opts: { since?: number; timeoutMs?: number } = {}): Promise<RecordedRequest> {
    const since = opts.since ?? 0;
    return new Promise((resolve, reject) => {
      const check = () => {
        const hit = this.requests.slice(since).find(pred);
        if (hit) {
          this.waiters.delete(check);
          clearTimeout(timer);
          resolve(hit);
        }
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`no matching request within ${opts.timeoutMs ?? WAIT_MS} ms; saw: ${this.requests.slice(since).map((r) => `${r.method} ${r.path}`).join(', ')}`));
      }, opts.timeoutMs ?? WAIT_MS);
      this.waiters.add(check);
      check();
    });
  }

  /** The interaction callback (initial response) for an interaction id. */
  waitForCallback(interactionId: string, opts: { timeoutMs?: number } = {}): Promise<RecordedRequest> {
    return this.waitForRequest((r) => r.method === 'POST' && r.path.startsWith(`/interactions/${interactionId}/`), opts);
  }

  /**
   * The answer to an interaction as its caller meets it: the callback's message, or after a deferral the first
   * follow-up message, or the placeholder once edited into the answer. `notes` are placeholder texts that only point
   * elsewhere (the bot's "posted in the channel" note): the answer is then the message the note points to.
   */
  async waitForAnswer(i: { id: string; token: string }, opts: { timeoutMs?: number; notes?: readonly string[] } = {}): Promise<{ type: number; data: any }> {
    const cb = await this.waitForCallback(i.id, opts);
    if (cb.body.type !== 5 && cb.body.type !== 6) return cb.body;
    const notes = opts.notes ?? [SLOW_PUBLIC_NOTE];
    const settled = (): { type: number; data: any } | null => {
      const it = this.interactions.get(i.id);
      const followUp = it?.followUps[0];
      // The message as the caller meets it: ephemeral ones carry flag 64 whichever request made them.
      const seen = (m: InteractionMessage) => ({ ...m.body, flags: m.ephemeral ? 64 : 0 });
      if (followUp) return { type: 4, data: seen(followUp) };
      const original = it?.original;
      if (original && !original.loading && !notes.includes(original.body?.content)) return { type: 7, data: seen(original) };
      return null;
    };
    await this.waitForRequest(() => settled() !== null, opts);
    return settled()!;
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const raw = await readBody(req);
    if (url.pathname.startsWith('/attachments/')) {
      const content = this.attachments.get(url.pathname.split('/')[2] ?? '');
      res.writeHead(content === undefined ? 404 : 200, { 'content-type': 'text/markdown; charset=utf-8' }).end(content ?? '');
      return;
    }
    const tagged = /^\/c\/([^/]+)(\/.*)$/.exec(url.pathname);
    const client = tagged ? decodeURIComponent(tagged[1]!) : null;
    const path = decodeURIComponent((tagged ? tagged[2]! : url.pathname).replace(/^\/api\/v\d+/, ''));
    const rec: RecordedRequest = {
      method: req.method ?? 'GET',
      path,
      query: url.searchParams,
      headers: req.headers,
      body: parseBody(req.headers['content-type'], raw),
      at: performance.now(),
      arrivedAt: Date.now(),
      client,
      guildId: this.guildOfPath(path),
    };
    this.requests.push(rec);
    for (const w of [...this.waiters]) w();
    const hold = this.holdResponses?.(rec);
    if (hold) await new Promise((r) => setTimeout(r, hold));

    const fail = this.failWith?.(rec);
    if (fail) return send(res, fail.status, { code: fail.code, message: fail.message });
    // Discord's published schema decides what a body may hold (discord-schema.ts); a refusal is 50035, as Discord's.
    // Requests from discord.js (the bot) that it refuses fail the test (test/stand-in-guard.ts); a test's own raw
    // requests only get the refusal.
    const { files: _files, ...json } = (rec.body && typeof rec.body === 'object' && !Array.isArray(rec.body) ? rec.body : {}) as Record<string, unknown>;
    const verdict = checkDiscordRequest(rec.method, path, rec.body === undefined ? undefined : Array.isArray(rec.body) || typeof rec.body !== 'object' ? rec.body : json);
    if (verdict.problem) {
      const line = `${rec.method} ${path} (${verdict.operation ?? 'not in the spec'}): ${verdict.problem.field}: ${verdict.problem.message}`;
      if (String(req.headers['user-agent'] ?? '').startsWith('DiscordBot')) schemaViolations.push(line);
      const refusal = verdict.operation ? { status: 400, body: invalidFormBody(verdict.problem) } : { status: 404, body: { code: 0, message: '404: Not Found' } };
      this.refusals.push({ method: rec.method, path, code: refusal.body.code, message: refusal.body.message });
      return send(res, refusal.status, refusal.body);
    }
    for (const r of this.routes) {
      if (r.method !== rec.method) continue;
      const m = r.re.exec(path);
      if (!m) continue;
      const out = r.handler(rec, m.slice(1));
      if (!out) continue;
      if (out.status >= 400) {
        const b = (out.body ?? {}) as { code?: number; message?: string };
        this.refusals.push({ method: rec.method, path, code: b.code ?? 0, message: b.message ?? '' });
      }
      return send(res, out.status, out.body);
    }
    send(res, 404, { code: 0, message: `fake-discord: no route ${rec.method} ${path}` });
  }

  private route(method: string, pattern: string, handler: Handler): void {
    const re = new RegExp('^' + pattern.replace(/:[a-z]+/g, '([^/]+)') + '$');
    this.routes.push({ method, re, handler });
  }

  // --- Polls (issue 12: votes on the next paper) -----------------------------------------------------------------

  /** Voters per poll message id: answer id -> user ids. Members vote with castPollVote (bots cannot vote). */
  readonly pollVotes = new Map<string, Map<number, Set<string>>>();

  /**
   * Casts (or, on a single-choice poll, moves) a member's vote, as a member clicking an answer would. Throws what
   * Discord refuses: an unknown message or answer, a poll that has ended, a bot voting.
   */
  castPollVote(input: { channelId: string; messageId: string; user: FakeUser; answerId: number }): void {
    const m = this.messages.get(input.channelId)?.find((x) => x.id === input.messageId);
    if (!m?.poll) throw new Error('fake-discord: no poll on that message');
    if (input.user.bot) throw new Error('fake-discord: bots cannot vote in polls');
    if (m.poll.results.is_finalized || Date.parse(m.poll.expiry) <= Date.now()) throw new Error('fake-discord: the poll has ended (520001)');
    if (!m.poll.answers.some((a: any) => a.answer_id === input.answerId)) throw new Error('fake-discord: no such answer');
    const votes = this.pollVotes.get(m.id)!;
    if (!m.poll.allow_multiselect) for (const set of votes.values()) set.delete(input.user.id);
    votes.get(input.answerId)!.add(input.user.id);
  }

  private definePollRoutes(): void {
    const ok = (body: unknown) => ({ status: 200, body });
    const unknownMessage = { status: 404, body: { code: 10008, message: 'Unknown Message' } };
    const pollMessage = (ch: string, id: string) => this.messages.get(ch)?.find((x) => x.id === id);
    this.route('POST', '/channels/:ch/messages', (r, [ch]) => {
      if (!r.body?.poll) return undefined;
      // Send Polls on top of Send Messages (https://discord.com/developers/docs/topics/permissions#permissions-bitwise-permission-flags).
      if (this.guildOf(ch!) && (this.botPermissions(ch!) & (PERM.viewChannel | PERM.sendMessages | PERM.sendPolls)) !== (PERM.viewChannel | PERM.sendMessages | PERM.sendPolls)) {
        return refuse(403, 50013, 'Missing Permissions');
      }
      const bad = pollProblem(r.body.poll) ?? messageProblem(r.body);
      if (bad) return refuse(400, 50035, `Invalid Form Body: ${bad}`);
      const msg = this.storeMessage(ch!, r.body);
      const p = r.body.poll;
      msg.poll = {
        question: { text: p.question.text },
        // Discord numbers answers from 1 in order (and asks clients not to rely on it).
        answers: p.answers.map((a: any, i: number) => ({ answer_id: i + 1, poll_media: { text: a.poll_media.text, ...(a.poll_media.emoji ? { emoji: a.poll_media.emoji } : {}) } })),
        expiry: new Date(Date.now() + (p.duration ?? 24) * 3_600_000).toISOString(),
        allow_multiselect: Boolean(p.allow_multiselect),
        layout_type: p.layout_type ?? 1,
        results: { is_finalized: false, answer_counts: [] },
      };
      this.pollVotes.set(msg.id, new Map(msg.poll.answers.map((a: any) => [a.answer_id, new Set<string>()])));
      return ok(msg);
    });
    // https://discord.com/developers/docs/resources/poll#get-answer-voters: users who chose an answer, by id, `after` and `limit` (1-100, default 25).
    this.route('GET', '/channels/:ch/polls/:msg/answers/:answer', (r, [ch, id, answer]) => {
      if (!this.guildOf(ch!) || !(this.botPermissions(ch!) & PERM.viewChannel)) return refuse(403, 50001, 'Missing Access');
      const m = pollMessage(ch!, id!);
      if (!m?.poll) return unknownMessage;
      const limit = Number(r.query.get('limit') ?? 25);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) return refuse(400, 50035, 'Invalid Form Body: limit must be between 1 and 100');
      const voters = this.pollVotes.get(m.id)?.get(Number(answer));
      if (!voters) return refuse(400, 50035, 'Invalid Form Body: unknown answer');
      const after = r.query.get('after');
      const ids = [...voters].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1)).filter((u) => !after || BigInt(u) > BigInt(after));
      return ok({ users: ids.slice(0, limit).map((u) => this.userJson(this.users.get(u)!)) });
    });
    // https://discord.com/developers/docs/resources/poll#end-poll: only the poll's author may end it early; an ended poll is 520001.
    this.route('POST', '/channels/:ch/polls/:msg/expire', (_r, [ch, id]) => {
      if (!this.guildOf(ch!) || !(this.botPermissions(ch!) & PERM.viewChannel)) return refuse(403, 50001, 'Missing Access');
      const m = pollMessage(ch!, id!);
      if (!m) return unknownMessage;
      if (!m.poll) return refuse(400, 520006, 'Cannot expire a non-poll message');
      if (m.author.id !== this.bot.id) return refuse(403, 50013, 'Missing Permissions');
      if (m.poll.results.is_finalized || Date.parse(m.poll.expiry) <= Date.now()) return refuse(400, 520001, 'Poll expired');
      m.poll.expiry = new Date().toISOString();
      const votes = this.pollVotes.get(m.id)!;
      m.poll.results = { is_finalized: true, answer_counts: [...votes].map(([aid, set]) => ({ id: aid, count: set.size, me_voted: false })) };
      return ok(m);
    });
  }

  // --- Guild scheduled events (issue 11) --------------------------------------------------------------------------

  /** Scheduled events per guild id, as Discord keeps them (status 1 scheduled, 2 active, 3 completed, 4 canceled). */
  readonly scheduledEvents = new Map<string, any[]>();
  /** Discord's clock for scheduled events: tests that move the bot's clock move this one with it. */
  now: () => number = Date.now;

  /** A guild's scheduled events as Discord would answer now (statuses moved by its clock, see automateStatus). */
  guildEvents(guildId: string): any[] {
    const events = this.scheduledEvents.get(guildId) ?? [];
    this.automateStatus(events);
    return events;
  }

  /**
   * Discord changes an external event's status by itself (guild-scheduled-event docs, "Guild Scheduled Event Status
   * Update Automation"): at its scheduled_start_time it becomes ACTIVE, at its scheduled_end_time COMPLETED. Applied
   * whenever an event is read or changed. (Voice and stage events end when their channel empties; a SCHEDULED one
   * is cancelled "a few hours" after its start: neither is modelled, the bot relies on neither.)
   */
  private automateStatus(events: any[]): void {
    const now = this.now();
    for (const ev of events) {
      if (ev.entity_type !== 3 || (ev.status !== 1 && ev.status !== 2)) continue;
      if (ev.scheduled_end_time && now >= Date.parse(ev.scheduled_end_time)) ev.status = 3;
      else if (ev.status === 1 && now >= Date.parse(ev.scheduled_start_time)) ev.status = 2;
    }
  }
  /** Members interested in each event (by event id): `user_count` is their number. */
  private readonly interestedIn = new Map<string, Set<string>>();

  /**
   * A member presses (or un-presses) Interested on an event in Discord's Events tab: the count changes, and a client
   * that identified with the GuildScheduledEvents intent (1 << 16) gets GUILD_SCHEDULED_EVENT_USER_ADD / _REMOVE.
   */
  markInterested(guildId: string, eventId: string, user: FakeUser, on = true, opts: { silent?: boolean } = {}): void {
    const set = this.interestedIn.get(eventId) ?? this.interestedIn.set(eventId, new Set()).get(eventId)!;
    if (on === set.has(user.id)) return;
    if (on) set.add(user.id);
    else set.delete(user.id);
    if (!opts.silent && this.identifiedIntents & (1n << 16n)) {
      this.dispatch(on ? 'GUILD_SCHEDULED_EVENT_USER_ADD' : 'GUILD_SCHEDULED_EVENT_USER_REMOVE', { guild_scheduled_event_id: eventId, user_id: user.id, guild_id: guildId });
    }
  }

  /**
   * Discord's field requirements by entity type
   * (https://discord.com/developers/docs/resources/guild-scheduled-event#guild-scheduled-event-object-field-requirements-by-entity-type):
   * stage (1) and voice (2) need the channel_id of a stage / voice channel and no entity_metadata (no location);
   * external (3) needs channel_id null, entity_metadata.location (1-100) and a scheduled_end_time.
   */
  private eventEntityProblem(guildId: string, ev: any): string | null {
    const channel = this.guilds.find((g) => g.id === guildId)?.channels.find((c) => c.id === ev.channel_id);
    if (ev.entity_type === 1 || ev.entity_type === 2) {
      if (!ev.channel_id) return 'channel_id: required for stage and voice events';
      if (!channel || (channel.type ?? 0) !== (ev.entity_type === 1 ? 13 : 2)) return `channel_id: not a ${ev.entity_type === 1 ? 'stage' : 'voice'} channel of this server`;
      if (ev.entity_metadata?.location !== undefined) return 'entity_metadata: must be null for stage and voice events';
      const need = ev.entity_type === 1 ? STAGE_EVENT_PERMS : VOICE_EVENT_PERMS;
      if ((this.botPermissions(channel.id) & need) !== need) return 'missing-permissions';
      return null;
    }
    if (ev.entity_type === 3) {
      if (ev.channel_id !== null && ev.channel_id !== undefined) return 'channel_id: must be null for external events';
      const loc = ev.entity_metadata?.location;
      if (typeof loc !== 'string' || loc.length < 1 || loc.length > 100) return 'entity_metadata.location: 1-100 characters required';
      if (!ev.scheduled_end_time) return 'scheduled_end_time: required for external events';
      return null;
    }
    return 'entity_type: must be 1, 2 or 3';
  }

  private defineScheduledEventRoutes(): void {
    const list = (guild: string) => {
      const events = this.scheduledEvents.get(guild) ?? this.scheduledEvents.set(guild, []).get(guild)!;
      this.automateStatus(events);
      return events;
    };
    const unknown = { status: 404, body: { code: 10070, message: 'Unknown Guild Scheduled Event' } };
    // user_count is sent only when asked for (https://discord.com/developers/docs/resources/guild-scheduled-event#get-guild-scheduled-event).
    const withCount = (r: RecordedRequest, ev: any) => (r.query.get('with_user_count') === 'true' ? { ...ev, user_count: this.interestedIn.get(ev.id)?.size ?? 0 } : ev);
    this.route('POST', '/guilds/:guild/scheduled-events', (r, [guild]) => {
      const b = r.body as any;
      if (!b?.name || b.name.length > 100 || (b.description ?? '').length > 1000) return { status: 400, body: { code: 50035, message: 'Invalid Form Body' } };
      const bad = this.eventEntityProblem(guild!, b);
      if (bad === 'missing-permissions') return refuse(403, 50013, 'Missing Permissions');
      if (bad) return refuse(400, 50035, `Invalid Form Body: ${bad}`);
      const active = list(guild!).filter((e) => e.status === 1 || e.status === 2).length;
      if (active >= 100) return { status: 400, body: { code: 30038, message: 'Maximum number of guild events reached (100)' } };
      const ev = { id: snowflake(), guild_id: guild, channel_id: null, creator_id: this.bot.id, creator: this.userJson(this.bot), entity_id: null, image: null, status: 1, ...b };
      list(guild!).push(ev);
      return { status: 200, body: ev };
    });
    this.route('GET', '/guilds/:guild/scheduled-events', (r, [guild]) => ({ status: 200, body: list(guild!).map((ev) => withCount(r, ev)) }));
    this.route('GET', '/guilds/:guild/scheduled-events/:id', (r, [guild, id]) => {
      const ev = list(guild!).find((e) => e.id === id);
      return ev ? { status: 200, body: withCount(r, ev) } : unknown;
    });
    this.route('PATCH', '/guilds/:guild/scheduled-events/:id', (r, [guild, id]) => {
      const ev = list(guild!).find((e) => e.id === id);
      if (!ev) return unknown;
      // Completed and canceled are final: 180000 "Cannot update a finished event" (guild-scheduled-event docs, status;
      // opcodes-and-status-codes, JSON error codes).
      if (ev.status === 3 || ev.status === 4) return refuse(400, 180000, 'Cannot update a finished event');
      // The only status changes allowed: SCHEDULED -> ACTIVE, ACTIVE -> COMPLETED, SCHEDULED -> CANCELED ("Valid Guild
      // Scheduled Event Status Transitions"). So an event that has started cannot be cancelled; DELETE still works.
      // (Discord's exact error for a refused transition is not documented: 50035 here.)
      const to = (r.body as any)?.status;
      const allowed: Record<number, number[]> = { 1: [1, 2, 4], 2: [2, 3] };
      if (to !== undefined && to !== null && !allowed[ev.status]?.includes(Number(to))) {
        return refuse(400, 50035, `Invalid Form Body: status: cannot change a guild scheduled event from ${ev.status} to ${to}`);
      }
      // The event as it would be after the edit must meet the same rules as a new one.
      const bad = this.eventEntityProblem(guild!, { ...ev, ...(r.body as object) });
      if (bad === 'missing-permissions') return refuse(403, 50013, 'Missing Permissions');
      if (bad) return refuse(400, 50035, `Invalid Form Body: ${bad}`);
      Object.assign(ev, r.body);
      return { status: 200, body: ev };
    });
    // Delete Guild Scheduled Event: allowed in any status (the docs set no condition), 204.
    this.route('DELETE', '/guilds/:guild/scheduled-events/:id', (_r, [guild, id]) => {
      const events = list(guild!);
      const at = events.findIndex((e) => e.id === id);
      if (at === -1) return unknown;
      events.splice(at, 1);
      return { status: 204 };
    });
  }

  private defineRoutes(): void {
    const ok = (body: unknown) => ({ status: 200, body });
    this.route('GET', '/gateway/bot', (r) =>
      ok({
        url: `ws://127.0.0.1:${this.port}${r.client ? `/c/${encodeURIComponent(r.client)}` : ''}/gateway`,
        shards: this.sharding.shards,
        session_start_limit: { total: 1000, remaining: 1000, reset_after: 14400000, max_concurrency: this.sharding.maxConcurrency },
      }),
    );
    this.route('GET', '/users/@me', () => ok(this.userJson(this.bot)));
    this.route('GET', '/users/:id', (_r, [id]) => {
      const u = this.users.get(id!);
      return u ? ok(this.userJson(u)) : { status: 404, body: { code: 10013, message: 'Unknown User' } };
    });
    this.route('PUT', '/applications/:app/commands', (r) => {
      const bad = commandsProblem(r.body);
      if (bad) return refuse(400, 50035, `Invalid Form Body: ${bad}`);
      this.globalCommands.splice(0, this.globalCommands.length, ...this.commandsJson(r.body));
      return ok(this.globalCommands);
    });
    this.route('PUT', '/applications/:app/guilds/:guild/commands', (r, [, guild]) => {
      const bad = commandsProblem(r.body);
      if (bad) return refuse(400, 50035, `Invalid Form Body: ${bad}`);
      this.guildCommands.set(guild!, this.commandsJson(r.body, guild));
      return ok(this.guildCommands.get(guild!));
    });
    // Every channel route first checks the channel exists and the bot may see it (10003 Unknown Channel, 50001 Missing Access).
    const channelGate = (ch: string, need: bigint): Refusal | null => {
      if (ch.startsWith('dm-')) return null;
      // A message thread answers with its parent channel's permissions.
      const parent = this.threads.get(ch);
      if (parent) return channelGate(parent, need === PERM.sendMessages ? PERM.sendMessagesInThreads : need);
      if (!this.guildOf(ch)) return refuse(404, 10003, 'Unknown Channel');
      const perms = this.botPermissions(ch);
      if (!(perms & PERM.viewChannel)) return refuse(403, 50001, 'Missing Access');
      if ((perms & need) !== need) return refuse(403, 50013, 'Missing Permissions');
      return null;
    };
    this.route('POST', '/channels/:ch/messages', (r, [ch]) => {
      if (ch!.startsWith('dm-') && this.users.get(ch!.slice(3))?.dmClosed) {
        return { status: 403, body: { code: 50007, message: 'Cannot send messages to this user' } };
      }
      const gate = channelGate(ch!, PERM.sendMessages);
      if (gate) return gate;
      const bad = messageProblem(r.body);
      if (bad) return refuse(400, bad.startsWith('Cannot send') ? 50006 : 50035, bad);
      // Create Message, enforce_nonce (https://discord.com/developers/docs/resources/message#create-message): "If true
      // and nonce is present, it will be checked for uniqueness in the past few minutes. If another message was created
      // by the same author with the same nonce, that message will be returned and no new message will be created."
      // "A few minutes" is not a promise of more: the stand-in keeps nonces for 2, the least the wording allows.
      if (r.body?.enforce_nonce && r.body?.nonce !== undefined && r.body?.nonce !== null) {
        const earlier = this.recentNonces.get(String(r.body.nonce));
        if (earlier && Date.now() - earlier.at < NONCE_WINDOW_MS) {
          this.nonceRepeats++;
          return ok(earlier.message);
        }
      }
      const msg = this.storeMessage(ch!, r.body);
      if (r.body?.enforce_nonce && r.body?.nonce !== undefined && r.body?.nonce !== null) this.recentNonces.set(String(r.body.nonce), { at: Date.now(), message: msg });
      return ok(msg);
    });
    this.route('GET', '/channels/:ch/messages', (r, [ch]) => {
      const gate = channelGate(ch!, 0n);
      if (gate) return gate;
      // Without Read Message History, Discord answers an empty list.
      if (!(this.botPermissions(ch!) & PERM.readMessageHistory)) return ok([]);
      const limit = Math.min(100, Number(r.query.get('limit') ?? 50));
      let newestFirst = [...(this.messages.get(ch!) ?? [])].reverse();
      const before = r.query.get('before');
      if (before) newestFirst = newestFirst.filter((m) => BigInt(m.id) < BigInt(before));
      return ok(newestFirst.slice(0, limit));
    });
    this.route('GET', '/channels/:ch/messages/:id', (_r, [ch, id]) => {
      const m = this.messages.get(ch!)?.find((x) => x.id === id);
      return m ? ok(m) : { status: 404, body: { code: 10008, message: 'Unknown Message' } };
    });
    this.route('PATCH', '/channels/:ch/messages/:id', (r, [ch, id]) => {
      const gate = channelGate(ch!, PERM.sendMessages);
      if (gate) return gate;
      const bad = messageProblem(r.body, { partial: true });
      if (bad) return refuse(400, 50035, bad);
      const m = this.messages.get(ch!)?.find((x) => x.id === id);
      if (!m) return { status: 404, body: { code: 10008, message: 'Unknown Message' } };
      for (const k of ['content', 'embeds', 'components'] as const) if (r.body?.[k] !== undefined) m[k] = r.body[k];
      m.edited_timestamp = new Date().toISOString();
      return ok(m);
    });
    this.route('PUT', '/channels/:ch/messages/:id/reactions/:emoji/@me', (_r, [ch, , emoji]) => {
      const gate = channelGate(ch!, PERM.addReactions | PERM.readMessageHistory);
      if (gate) return gate;
      // Custom emoji as name:id must exist on the server; anything else must be a unicode emoji (10014 Unknown Emoji).
      // discord.js sends animated ones as a:name:id, which Discord accepts too.
      const custom = /^(?:a:)?(\w+):(\d+)$/.exec(emoji!);
      const known = custom ? this.guildOf(ch!)?.emojis.some((e) => e.id === custom[2]) : /\p{Extended_Pictographic}/u.test(emoji!);
      if (!known) return refuse(400, 10014, 'Unknown Emoji');
      return { status: 204 };
    });
    this.route('DELETE', '/channels/:ch/messages/:id/reactions/:emoji/@me', () => ({ status: 204 }));
    this.route('POST', '/channels/:ch/messages/:id/threads', (r, [ch, msgId]) => {
      const gate = channelGate(ch!, PERM.createPublicThreads);
      if (gate) return gate;
      const guild = this.guildOf(ch!);
      // As on Discord, a thread started from a message has the message's id.
      this.threads.set(msgId!, ch!);
      return ok({ id: msgId, type: 11, guild_id: guild?.id, parent_id: ch, name: r.body?.name ?? 'thread', owner_id: this.bot.id, thread_metadata: { archived: false, auto_archive_duration: r.body?.auto_archive_duration ?? 1440, archive_timestamp: new Date().toISOString(), locked: false }, message_count: 0, member_count: 1, rate_limit_per_user: 0 });
    });
    this.route('POST', '/users/@me/channels', (r) => {
      const u = this.users.get(r.body?.recipient_id);
      if (!u) return { status: 404, body: { code: 10013, message: 'Unknown User' } };
      return ok({ id: `dm-${u.id}`, type: 1, recipients: [this.userJson(u)], last_message_id: null });
    });
    this.route('GET', '/guilds/:guild/members/:user', (_r, [, id]) => {
      const u = this.users.get(id!);
      return u ? ok(this.memberJson(u)) : { status: 404, body: { code: 10007, message: 'Unknown Member' } };
    });
    // Rotation & wrap-up (issue 12): a channel or thread by id.
    this.route('GET', '/channels/:ch', (_r, [ch]) => {
      const parent = this.threads.get(ch!);
      const guild = this.guildOf(parent ?? ch!);
      if (!guild) return refuse(404, 10003, 'Unknown Channel');
      if (!parent) {
        const i = guild.channels.findIndex((c) => c.id === ch);
        return ok(this.channelJson(guild, guild.channels[i]!, i));
      }
      return ok({ id: ch, type: 11, guild_id: guild.id, parent_id: parent, name: 'thread', owner_id: this.bot.id, thread_metadata: { archived: false, auto_archive_duration: 10080, archive_timestamp: new Date().toISOString(), locked: false }, message_count: 0, member_count: 1, rate_limit_per_user: 0 });
    });
    // One initial response within 3 s (else 10062 Unknown interaction); a second one is 40060
    // (https://discord.com/developers/docs/interactions/receiving-and-responding#responding-to-an-interaction).
    this.route('POST', '/interactions/:id/:token/callback', (r, [id]) => {
      const it = this.interactions.get(id!);
      if (!it || r.arrivedAt - it.at > 3000) return refuse(404, 10062, 'Unknown interaction');
      if (it.answered) return refuse(400, 40060, 'Interaction has already been acknowledged.');
      const type = r.body?.type;
      if (type === 4 && r.body.data) {
        const bad = messageProblem(r.body.data);
        if (bad) return refuse(400, 50035, bad);
      }
      if (type === 7 && r.body.data) {
        const bad = messageProblem(r.body.data, { partial: true });
        if (bad) return refuse(400, 50035, bad);
      }
      if (type === 9) {
        const bad = modalProblem(r.body.data);
        if (bad) return refuse(400, 50035, `Invalid Form Body: ${bad}`);
        this.modals.push({ interactionId: id!, data: r.body.data });
      }
      // CHANNEL_MESSAGE_WITH_SOURCE makes the response message; DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE a "thinking…"
      // placeholder whose ephemerality (flag 64, the only flag allowed there) is fixed now and kept by every edit
      // (same page, "Interaction Callback Data Structure"; Create Followup Message).
      const ephemeral = (Number(r.body?.data?.flags ?? 0) & 64) !== 0;
      if (type === 4) it.original = { id: snowflake(), ephemeral, loading: false, deleted: false, body: r.body.data ?? {} };
      if (type === 5) it.original = { id: snowflake(), ephemeral, loading: true, deleted: false, body: {} };
      it.answered = true;
      return { status: 204 };
    });
    // The interaction's webhook: its token works for 15 minutes after the interaction, and only once it was answered
    // (https://discord.com/developers/docs/interactions/receiving-and-responding#followup-messages).
    const tokenGate = (token: string): InteractionRecord | Refusal => {
      const it = this.interactionByToken.get(token);
      if (!it || !it.answered) return refuse(404, 10015, 'Unknown Webhook');
      if (Date.now() - it.at > INTERACTION_TOKEN_MS) return refuse(401, 50027, 'Invalid Webhook Token');
      return it;
    };
    const isRefusal = (x: InteractionRecord | Refusal): x is Refusal => 'status' in x;
    const messageOf = (it: InteractionRecord, msg: string) => (msg === '@original' ? it.original : it.followUps.find((m) => m.id === msg)) ?? null;
    const shown = (it: InteractionRecord, m: InteractionMessage) => ({ ...this.messageJson(it.channelId, m.body), id: m.id, flags: m.ephemeral ? 64 : 0, webhook_id: this.applicationId });
    this.route('GET', '/webhooks/:app/:token/messages/:msg', (_r, [, token, msg]) => {
      const it = tokenGate(token!);
      if (isRefusal(it)) return it;
      const m = messageOf(it, msg!);
      return m && !m.deleted ? ok(shown(it, m)) : refuse(404, 10008, 'Unknown Message');
    });
    // Edit Original Interaction Response / Edit Followup Message: content changes, ephemerality never does.
    this.route('PATCH', '/webhooks/:app/:token/messages/:msg', (r, [, token, msg]) => {
      const it = tokenGate(token!);
      if (isRefusal(it)) return it;
      const bad = messageProblem(r.body, { partial: true });
      if (bad) return refuse(400, 50035, bad);
      const m = messageOf(it, msg!);
      if (!m || m.deleted) return refuse(404, 10008, 'Unknown Message');
      const { flags: _flags, ...changes } = r.body ?? {};
      m.body = { ...m.body, ...changes };
      m.loading = false;
      return ok(shown(it, m));
    });
    this.route('DELETE', '/webhooks/:app/:token/messages/:msg', (_r, [, token, msg]) => {
      const it = tokenGate(token!);
      if (isRefusal(it)) return it;
      const m = messageOf(it, msg!);
      if (!m || m.deleted) return refuse(404, 10008, 'Unknown Message');
      m.deleted = true;
      return { status: 204 };
    });
    this.route('POST', '/webhooks/:app/:token', (r, [, token]) => {
      const it = tokenGate(token!);
      if (isRefusal(it)) return it;
      const bad = messageProblem(r.body);
      if (bad) return refuse(400, 50035, bad);
      // The first follow-up after a deferred response edits the "thinking…" placeholder instead of making a message,
      // keeping the placeholder's ephemerality and ignoring the follow-up's own flags (Create Followup Message:
      // https://discord.com/developers/docs/interactions/receiving-and-responding#create-followup-message;
      // discord.js #6465, discord-api-docs #7091).
      const placeholder = it.original;
      if (placeholder?.loading && !placeholder.deleted) {
        const { flags: _ignored, ...body } = r.body ?? {};
        placeholder.body = body;
        placeholder.loading = false;
        return ok(shown(it, placeholder));
      }
      const m: InteractionMessage = { id: snowflake(), ephemeral: (Number(r.body?.flags ?? 0) & 64) !== 0, loading: false, deleted: false, body: r.body ?? {} };
      it.followUps.push(m);
      return ok(shown(it, m));
    });
  }

  private storeMessage(channelId: string, body: any): any {
    const msg = this.messageJson(channelId, body);
    const list = this.messages.get(channelId) ?? [];
    list.push(msg);
    this.messages.set(channelId, list);
    return msg;
  }

  /** A message object as Discord returns it, authored by the bot. */
  messageJson(channelId: string, body: any): any {
    return {
      id: snowflake(),
      type: 0,
      channel_id: channelId,
      guild_id: this.guildOf(channelId)?.id,
      author: this.userJson(this.bot),
      content: body?.content ?? '',
      embeds: body?.embeds ?? [],
      components: body?.components ?? [],
      attachments: [],
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: false,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      flags: body?.flags ?? 0,
      nonce: body?.nonce,
    };
  }

  userJson(u: FakeUser): any {
    return { id: u.id, username: u.username, global_name: u.username, discriminator: '0', avatar: null, bot: u.bot ?? false };
  }

  memberJson(u: FakeUser): any {
    return { user: this.userJson(u), nick: null, roles: [], joined_at: new Date(0).toISOString(), deaf: false, mute: false, flags: 0, permissions: u.permissions ?? MEMBER_PERMS };
  }

  private commandsJson(body: any[], guildId?: string): any[] {
    return (body ?? []).map((c) => ({ ...c, id: snowflake(), application_id: this.applicationId, guild_id: guildId, version: snowflake(), type: c.type ?? 1 }));
  }

  guildOf(channelId: string): FakeGuild | undefined {
    return this.guilds.find((g) => g.channels.some((c) => c.id === channelId));
  }

  // ---- gateway ---------------------------------------------------------------------------

  private onSocket(ws: WebSocket, client: string | null): void {
    this.sockets.add(ws);
    ws.on('close', () => {
      this.sockets.delete(ws);
      const session = this.sessionOf.get(ws);
      if (session) session.ws = null;
      this.sessionOf.delete(ws);
    });
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41250 }, s: null, t: null }));
    ws.on('message', (raw) => {
      const p = JSON.parse(String(raw));
      if (p.op === 1) ws.send(JSON.stringify({ op: 11 }));
      else if (p.op === 2) this.onIdentify(ws, client, p.d ?? {});
      else if (p.op === 6) this.onResume(ws, p.d);
    });
  }

  /** The servers a shard holds: all of them without sharding ([0, 1]). */
  guildsOfShard(shard: [number, number]): FakeGuild[] {
    return this.guilds.filter((g) => shardOf(g.id, shard[1]) === shard[0]);
  }

  /** Why the gateway refuses this shard (a close code and its reason), or null (see ShardingRules). */
  private shardRefusal(shard: [number, number]): { code: number; reason: string } | null {
    const [id, count] = shard;
    if (!Number.isInteger(id) || !Number.isInteger(count) || count < 1 || id < 0 || id >= count) return { code: 4010, reason: 'Invalid shard.' };
    if (this.sharding.shardMultiple && count % this.sharding.shardMultiple !== 0) return { code: 4010, reason: 'Invalid shard.' };
    if (this.guildsOfShard(shard).length > this.sharding.maxGuildsPerShard) return { code: 4011, reason: 'Sharding required.' };
    return null;
  }

  private onIdentify(ws: WebSocket, client: string | null, d: { intents?: number | string; shard?: [number, number] }): void {
    const shard: [number, number] = Array.isArray(d.shard) ? [Number(d.shard[0]), Number(d.shard[1])] : [0, 1];
    const refusal = this.shardRefusal(shard);
    if (refusal) {
      if (refusal.code === 4010) this.gatewayOps.invalidShard++;
      else this.gatewayOps.shardingRequired++;
      ws.close(refusal.code, refusal.reason);
      this.notify();
      return;
    }
    const bucket = shard[0] % this.sharding.maxConcurrency;
    const last = this.lastIdentify.get(bucket);
    if (last !== undefined && Date.now() - last < this.sharding.identifyWindowMs) {
      // Too many IDENTIFYs in the bucket's 5 seconds: Invalid Session, not resumable.
      this.gatewayOps.invalidSession++;
      ws.send(JSON.stringify({ op: 9, d: false, s: null, t: null }));
      this.notify();
      return;
    }
    this.lastIdentify.set(bucket, Date.now());
    this.identifiedIntents = BigInt(d.intents ?? 0);
    this.gatewayOps.identify++;
    this.identifies.push({ at: Date.now(), client, shard });
    const session: GatewaySession = { id: snowflake(), shard, client, seq: 0, events: [], ws };
    this.sessions.set(session.id, session);
    this.sessionOf.set(ws, session);
    const guilds = this.guildsOfShard(shard);
    this.send(ws, 'READY', {
      v: 10,
      user: { ...this.userJson(this.bot), verified: true, mfa_enabled: false, flags: 0 },
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: `ws://127.0.0.1:${this.port}${client ? `/c/${encodeURIComponent(client)}` : ''}/gateway`,
      shard,
      application: { id: this.applicationId, flags: 0 },
      private_channels: [],
      relationships: [],
      user_settings: {},
      presences: [],
      geo_ordered_rtc_regions: [],
      guild_join_requests: [],
    });
    for (const g of guilds) this.send(ws, 'GUILD_CREATE', this.guildJson(g));
    this.notify();
  }

  private onResume(ws: WebSocket, d: { session_id: string; seq: number }): void {
    this.gatewayOps.resume++;
    const session = this.sessions.get(d.session_id);
    if (!session) {
      ws.send(JSON.stringify({ op: 9, d: false, s: null, t: null }));
      return;
    }
    if (session.ws && session.ws !== ws) session.ws.close(4000, 'resumed elsewhere');
    session.ws = ws;
    this.sessionOf.set(ws, session);
    // Replay what the client missed, then RESUMED, as Discord does.
    for (const e of session.events.filter((e) => e.s > d.seq)) ws.send(JSON.stringify({ op: 0, ...e }));
    this.send(ws, 'RESUMED', {});
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }

  private guildJson(g: FakeGuild): any {
    return {
      id: g.id,
      name: g.name,
      icon: null,
      owner_id: this.owner.id,
      unavailable: false,
      member_count: 2,
      large: false,
      joined_at: new Date(0).toISOString(),
      features: [],
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      mfa_level: 0,
      premium_tier: 0,
      nsfw_level: 0,
      preferred_locale: 'en-US',
      system_channel_id: g.channels[0]?.id ?? null,
      roles: [
        { id: g.id, name: '@everyone', permissions: MEMBER_PERMS, position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 },
        { id: g.botRoleId, name: 'paperclub', permissions: String(BOT_PERMS), position: 1, color: 0, hoist: false, managed: true, mentionable: false, flags: 0 },
      ],
      emojis: g.emojis.map((e) => this.emojiJson(e)),
      stickers: [],
      members: [{ ...this.memberJson(this.bot), roles: [g.botRoleId] }],
      channels: g.channels.map((c, i) => this.channelJson(g, c, i)),
      threads: [],
      presences: [],
      voice_states: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  /** A guild text channel; the bot's restrictions are a member overwrite denying what it lacks. */
  private channelJson(g: FakeGuild, c: { id: string; name: string; type?: number }, position: number): any {
    const perms = this.botPerms.get(c.id);
    const overwrites = perms === undefined ? [] : [{ id: this.bot.id, type: 1, allow: String(perms), deny: String(BOT_PERMS & ~perms) }];
    return { id: c.id, type: c.type ?? 0, name: c.name, guild_id: g.id, position, permission_overwrites: overwrites, parent_id: null, nsfw: false, rate_limit_per_user: 0, topic: null, last_message_id: null };
  }

  private emojiJson(e: { id: string; name: string; animated: boolean }): any {
    return { id: e.id, name: e.name, animated: e.animated, roles: [], require_colons: true, managed: false, available: true };
  }

  private send(ws: WebSocket, t: string, d: unknown): number {
    const session = this.sessionOf.get(ws);
    const s = session ? ++session.seq : 0;
    if (session) {
      session.events.push({ s, t, d });
      if (session.events.length > 1000) session.events.shift();
    }
    ws.send(JSON.stringify({ op: 0, s, t, d }));
    return s;
  }

  /** The server an event is about: its guild_id, or for a GUILD_* event about the server itself, its id. */
  private guildOfEvent(t: string, d: any): string | null {
    if (d && typeof d === 'object') {
      if (typeof d.guild_id === 'string') return d.guild_id;
      if (t.startsWith('GUILD_') && typeof d.id === 'string' && this.guilds.some((g) => g.id === d.id)) return d.id;
    }
    return null;
  }

  /**
   * Sends a dispatch to the sessions of the shard the event belongs to (every session of that shard, as Discord
   * does for sessions identified with the same shard); events without a server go to shard 0. Returns
   * performance.now() at send time.
   */
  dispatch(t: string, d: unknown): number {
    const at = performance.now();
    const guild = this.guildOfEvent(t, d);
    for (const [ws, session] of this.sessionOf) {
      if (ws.readyState !== WebSocket.OPEN) continue;
      const shard = guild === null ? 0 : shardOf(guild, session.shard[1]);
      if (shard === session.shard[0]) this.send(ws, t, d);
    }
    return at;
  }

  /** Number of open gateway connections. */
  get connections(): number {
    return this.sockets.size;
  }

  /** Closes every gateway connection with `code` (4000 = unknown error: the client should RESUME); or those of one process. */
  closeGateway(code = 4000, client?: string | null): void {
    for (const ws of this.sockets) if (client === undefined || this.sessionOf.get(ws)?.client === client) ws.close(code, 'fake-discord closing');
  }

  /** Resolves once at least `n` gateway connections are open. */
  async waitForConnections(n = 1, timeoutMs = WAIT_MS): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (this.connections < n) {
      if (Date.now() > end) throw new Error(`expected ${n} gateway connection(s), have ${this.connections}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** The server a REST path concerns: /guilds/{id}/…, or a channel's or thread's server; null for the rest. */
  private guildOfPath(path: string): string | null {
    const guild = /^\/guilds\/(\d+)/.exec(path);
    if (guild) return guild[1]!;
    const channel = /^\/channels\/([^/]+)/.exec(path);
    if (channel) return this.guildOf(channel[1]!)?.id ?? (this.threads.has(channel[1]!) ? (this.guildOf(this.threads.get(channel[1]!)!)?.id ?? null) : null);
    const interaction = /^\/(?:interactions\/(\d+)\/[^/]+|webhooks\/\d+\/([^/?]+))/.exec(path);
    if (interaction) {
      const it = interaction[1] ? this.interactions.get(interaction[1]) : this.interactionByToken.get(interaction[2]!);
      return it ? (this.guildOf(it.channelId)?.id ?? null) : null;
    }
    return null;
  }

  // ---- interaction and reaction helpers -------------------------------------------------

  private interactionBase(type: number, user: FakeUser, channelId: string) {
    const guild = this.guildOf(channelId);
    if (!guild) throw new Error(`unknown channel ${channelId}`);
    const channel = guild.channels.find((c) => c.id === channelId)!;
    const id = snowflake();
    const token = `tok-${snowflake()}`;
    this.registerInteraction(id, token, channelId);
    return {
      id,
      token,
      application_id: this.applicationId,
      type,
      version: 1,
      guild_id: guild.id,
      channel_id: channelId,
      channel: { id: channelId, type: 0, guild_id: guild.id, name: channel.name, permissions: user.permissions ?? MEMBER_PERMS },
      member: this.memberJson(user),
      app_permissions: String(this.botPermissions(channelId)),
      locale: 'en-US',
      guild_locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '0': guild.id },
      context: 0,
    };
  }

  /**
   * Dispatches a slash command. `path` is 'paper now' or 'signup'; options are flat name -> value
   * (numbers become INTEGER, booleans BOOLEAN, `{ user: FakeUser }` USER, the rest STRING).
   */
  slashCommand(input: { user: FakeUser; channelId: string; path: string; options?: Record<string, unknown>; focused?: string }): { id: string; token: string; at: number } {
    // Discord hides a command whose default_member_permissions the member lacks: nobody can run it.
    const commandName = input.path.split(' ')[0]!;
    const guild = this.guildOf(input.channelId);
    const registered = (guild && this.guildCommands.get(guild.id)?.find((c) => c.name === commandName)) ?? this.globalCommands.find((c) => c.name === commandName);
    const gate = registered?.default_member_permissions;
    if (gate !== undefined && gate !== null) {
      const has = BigInt(input.user.permissions ?? MEMBER_PERMS);
      if ((has & (1n << 3n)) === 0n && (has & BigInt(gate)) !== BigInt(gate)) throw new Error(`/${commandName} is hidden from ${input.user.username} (default_member_permissions ${gate})`);
    }
    const base = this.interactionBase(input.focused ? 4 : 2, input.user, input.channelId);
    const resolved: { users: Record<string, unknown>; members: Record<string, unknown>; attachments: Record<string, unknown>; channels: Record<string, unknown> } = {
      users: {},
      members: {},
      attachments: {},
      channels: {},
    };
    const leaf = Object.entries(input.options ?? {}).map(([name, v]) => {
      const o: any = { name };
      if (v && typeof v === 'object' && 'user' in v) {
        const u = (v as { user: FakeUser }).user;
        resolved.users[u.id] = this.userJson(u);
        const { user: _u, ...member } = this.memberJson(u);
        resolved.members[u.id] = member;
        Object.assign(o, { type: 6, value: u.id });
      } else if (v && typeof v === 'object' && 'file' in v) {
        const f = (v as { file: { name: string; content: string } }).file;
        const id = snowflake();
        this.attachments.set(id, f.content);
        const url = `http://127.0.0.1:${this.port}/attachments/${id}/${encodeURIComponent(f.name)}`;
        resolved.attachments[id] = { id, filename: f.name, size: Buffer.byteLength(f.content), url, proxy_url: url, content_type: 'text/markdown; charset=utf-8' };
        Object.assign(o, { type: 11, value: id });
      } else if (v && typeof v === 'object' && 'channel' in v) {
        // A CHANNEL option (type 7): Discord resolves the channel with its type and the member's permissions there.
        const c = (v as { channel: { id: string; name: string; type?: number } }).channel;
        resolved.channels[c.id] = { id: c.id, name: c.name, type: c.type ?? 0, permissions: input.user.permissions ?? MEMBER_PERMS };
        Object.assign(o, { type: 7, value: c.id });
      } else if (typeof v === 'number') Object.assign(o, { type: 4, value: v });
      else if (typeof v === 'boolean') Object.assign(o, { type: 5, value: v });
      else Object.assign(o, { type: 3, value: String(v) });
      if (input.focused === name) o.focused = true;
      return o;
    });
    const [top, sub] = input.path.split(' ');
    const options = sub ? [{ name: sub, type: 1, options: leaf }] : leaf;
    const data = { ...base, data: { id: snowflake(), name: top, type: 1, options, ...(Object.values(resolved).some((r) => Object.keys(r).length) ? { resolved } : {}) } };
    const at = this.dispatch('INTERACTION_CREATE', data);
    return { id: base.id, token: base.token, at };
  }

  /** Dispatches a button click on a stored message. */
  buttonClick(input: { user: FakeUser; channelId: string; messageId: string; customId: string }): { id: string; token: string; at: number } {
    const base = this.interactionBase(3, input.user, input.channelId);
    const message = this.messages.get(input.channelId)?.find((m) => m.id === input.messageId) ?? this.messageJson(input.channelId, {});
    const at = this.dispatch('INTERACTION_CREATE', { ...base, message, data: { custom_id: input.customId, component_type: 2 } });
    return { id: base.id, token: base.token, at };
  }

  /** Rotation & wrap-up: a button click in the bot's DM with `user` (no guild, no member: a user object). */
  dmButtonClick(input: { user: FakeUser; messageId: string; customId: string }): { id: string; token: string; at: number } {
    const id = snowflake();
    const channelId = `dm-${input.user.id}`;
    const token = `tok-${snowflake()}`;
    this.registerInteraction(id, token, channelId);
    const message = this.messages.get(channelId)?.find((m) => m.id === input.messageId) ?? this.messageJson(channelId, {});
    const at = this.dispatch('INTERACTION_CREATE', {
      id,
      token,
      application_id: this.applicationId,
      type: 3,
      version: 1,
      channel_id: channelId,
      channel: { id: channelId, type: 1 },
      user: this.userJson(input.user),
      app_permissions: String(BOT_PERMS),
      locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '1': input.user.id },
      context: 1,
      message,
      data: { custom_id: input.customId, component_type: 2 },
    });
    return { id, token, at };
  }

  /** Dispatches a modal submit with text inputs (custom id -> value), in Label components as Discord sends them now. */
  modalSubmit(input: { user: FakeUser; channelId: string; customId: string; fields: Record<string, string> }): { id: string; token: string; at: number } {
    const base = this.interactionBase(5, input.user, input.channelId);
    const components = Object.entries(input.fields).map(([custom_id, value], i) => ({ type: 18, id: i + 1, component: { type: 4, id: i + 10, custom_id, value } }));
    const at = this.dispatch('INTERACTION_CREATE', { ...base, data: { custom_id: input.customId, components } });
    return { id: base.id, token: base.token, at };
  }

  /** Dispatches MESSAGE_REACTION_ADD / REMOVE for a unicode emoji, or a custom one given as { id, name, animated }. */
  reaction(input: { user: FakeUser; channelId: string; messageId: string; emoji: string | { id: string; name: string; animated: boolean }; added: boolean }): void {
    const guild = this.guildOf(input.channelId);
    const emoji = typeof input.emoji === 'string' ? { id: null, name: input.emoji } : { id: input.emoji.id, name: input.emoji.name, animated: input.emoji.animated };
    const d: any = { user_id: input.user.id, channel_id: input.channelId, message_id: input.messageId, guild_id: guild?.id, emoji, burst: false, type: 0 };
    if (input.added) {
      d.member = this.memberJson(input.user);
      d.message_author_id = this.bot.id;
      d.burst_colors = [];
    }
    this.dispatch(input.added ? 'MESSAGE_REACTION_ADD' : 'MESSAGE_REACTION_REMOVE', d);
  }
}

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (status === 204 || body === undefined) {
    res.writeHead(status === 200 ? 204 : status).end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** JSON, or multipart/form-data with payload_json and files (what discord.js sends with attachments). */
function parseBody(type: string | undefined, raw: Buffer): any {
  if (!raw.length) return undefined;
  if (type?.startsWith('multipart/form-data')) {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(type);
    const b = boundary?.[1] ?? boundary?.[2] ?? '';
    const out: any = { files: [] as Array<{ name: string; content: string }> };
    for (const part of raw.toString('utf8').split(`--${b}`)) {
      const sep = part.indexOf('\r\n\r\n');
      if (sep < 0) continue;
      const head = part.slice(0, sep);
      const content = part.slice(sep + 4).replace(/\r\n$/, '');
      const name = /name="([^"]+)"/.exec(head)?.[1];
      const filename = /filename="([^"]+)"/.exec(head)?.[1];
      if (name === 'payload_json') Object.assign(out, JSON.parse(content));
      else if (filename) out.files.push({ name: filename, content });
    }
    return out;
  }
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return raw.toString('utf8');
  }
}
