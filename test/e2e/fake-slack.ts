/**
 * A local stand-in of the Slack Web API, response_url receiver and Socket Mode WebSocket on 127.0.0.1.
 * Records every call so end-to-end tests can drive the real Bolt app without the network; chat.postMessage and
 * chat.update keep messages per channel (chat.update answers message_not_found for an unknown ts).
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { parse as parseYaml } from 'yaml';
import { WAIT_MS } from './wait-until.ts';

/** One Web API call as the stand-in received it: form fields, with JSON-looking fields (blocks, metadata) parsed. */
export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  token: string | null;
  /** The workspace the token speaks for (null: no token, or one Slack does not know). */
  team: string | null;
  at: number;
}

/** A workspace of the stand-in: its bot user (each install has its own) and name. */
export interface FakeTeam {
  id: string;
  name: string;
  botUserId: string;
  botId: string;
}

/** The app as registered with Slack (Basic Information → App Credentials; OAuth & Permissions → Redirect URLs). */
export interface FakeAppRegistration {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

/** A message the stand-in keeps per channel, for conversations.history. */
export interface StoredMessage {
  ts: string;
  channel: string;
  text: string;
  blocks?: unknown[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  thread_ts?: string;
  user: string;
  bot_id: string;
}

export interface FakeUser {
  id: string;
  /** The workspace the user belongs to (default TEAM_ID). */
  team?: string;
  name: string;
  displayName?: string;
  isAdmin?: boolean;
  isOwner?: boolean;
}

type Failure = { kind: 'error'; error: string } | { kind: 'ratelimit'; retryAfter: number };

export const BOT_USER_ID = 'UBOT';
export const BOT_ID = 'BBOT';
export const TEAM_ID = 'T0TEAM';

// Fields the Slack SDK sends as JSON strings inside the form body.
const JSON_FIELDS = new Set(['blocks', 'attachments', 'metadata', 'users', 'files']);

/**
 * Slack's message limits, as the real API enforces them:
 * - 50 blocks a message, section text 3,000, fields 10 × 2,000, header 150 (https://api.slack.com/reference/block-kit/blocks): invalid_blocks.
 * - text past 40,000 characters (https://api.slack.com/methods/chat.postMessage#truncating): we refuse with msg_too_long rather than truncate.
 * - msg_blocks_too_long: reported from about 12–13k characters of block text in one message (bolt-js #2509, #2867); 12,000 here.
 */
export const SLACK_LIMITS = { blocks: 50, sectionText: 3000, fieldText: 2000, fields: 10, headerText: 150, text: 40_000, blockText: 12_000 } as const;

/** The start of what Slack serves in place of a file it will not hand out: its web sign-in page. */
const SIGN_IN_PAGE_HTML = '<!DOCTYPE html><html lang="en-US"><head><title>Slack</title></head><body><h1>Sign in to your workspace</h1></body></html>';

/** A response_url takes 5 messages within 30 minutes (https://api.slack.com/interactivity/handling#message_responses). */
export const RESPONSE_URL_LIMITS = { uses: 5, ttlMs: 30 * 60_000 } as const;

/** The bot token's scopes: exactly what slack/manifest.yml asks for, as for an app installed from it. */
export function manifestScopes(): Set<string> {
  const manifest = parseYaml(readFileSync(new URL('../../slack/manifest.yml', import.meta.url), 'utf8')) as { oauth_config?: { scopes?: { bot?: string[] } } };
  return new Set(manifest.oauth_config?.scopes?.bot ?? []);
}

/**
 * The scope a Web API method needs, from each method's "Required scopes" (https://api.slack.com/methods/<method>); a
 * conversation's kind by its id: D a DM (im:*), G a private channel (groups:*), else a public channel (channels:*).
 */
function neededScope(method: string, args: Record<string, unknown>): string | null {
  const kind = (suffix: 'read' | 'history') => {
    const id = String(args.channel ?? '');
    return id.startsWith('D') ? `im:${suffix}` : id.startsWith('G') ? `groups:${suffix}` : `channels:${suffix}`;
  };
  switch (method) {
    case 'chat.postMessage':
    case 'chat.update':
    case 'chat.postEphemeral':
      return 'chat:write';
    case 'reactions.add':
      return 'reactions:write';
    case 'conversations.info':
      return kind('read');
    case 'conversations.history':
      return kind('history');
    case 'conversations.open':
      return 'im:write';
    case 'users.info':
      return 'users:read';
    case 'files.info':
      return 'files:read';
    case 'files.getUploadURLExternal':
    case 'files.completeUploadExternal':
      return 'files:write';
    default:
      return null;
  }
}

/** Slack waits this long for an app to acknowledge an interaction (modals: view_submission). */
const ACK_MS = 3000;

/** The Slack error a message payload (text + blocks) gets, or null when Slack would accept it. */
export function messageError(args: Record<string, unknown>): string | null {
  const text = typeof args.text === 'string' ? args.text : '';
  if (text.length > SLACK_LIMITS.text) return 'msg_too_long';
  const blocks = args.blocks;
  if (blocks === undefined || blocks === '') return text ? null : 'no_text';
  if (!Array.isArray(blocks) || blocks.length > SLACK_LIMITS.blocks) return 'invalid_blocks';
  let total = 0;
  const textOf = (t: unknown, max: number): boolean => {
    const v = (t as { text?: unknown } | undefined)?.text;
    if (typeof v !== 'string' || v.length === 0 || v.length > max) return false;
    total += v.length;
    return true;
  };
  for (const b of blocks as Array<Record<string, any>>) {
    switch (b?.type) {
      case 'section':
        if (b.text !== undefined && !textOf(b.text, SLACK_LIMITS.sectionText)) return 'invalid_blocks';
        if (b.fields !== undefined && (!Array.isArray(b.fields) || b.fields.length > SLACK_LIMITS.fields || !b.fields.every((f: unknown) => textOf(f, SLACK_LIMITS.fieldText)))) return 'invalid_blocks';
        if (b.text === undefined && b.fields === undefined) return 'invalid_blocks';
        break;
      case 'header':
        if (b.text?.type !== 'plain_text' || !textOf(b.text, SLACK_LIMITS.headerText)) return 'invalid_blocks';
        break;
      case 'context':
        if (!Array.isArray(b.elements) || b.elements.length === 0 || b.elements.length > 10 || !b.elements.every((e: unknown) => textOf(e, 3000))) return 'invalid_blocks';
        break;
      case 'actions':
        if (!Array.isArray(b.elements) || b.elements.length === 0 || b.elements.length > 25) return 'invalid_blocks';
        break;
      case 'divider':
        break;
      default:
        return 'invalid_blocks';
    }
  }
  if (total > SLACK_LIMITS.blockText) return 'msg_blocks_too_long';
  return null;
}

/**
 * OAuth v2 as Slack runs it (https://api.slack.com/authentication/oauth-v2 and https://api.slack.com/methods/oauth.v2.access):
 * - The authorize page takes the app's client_id, the scopes (each one the app may ask for, else `invalid_scope`), a
 *   `redirect_uri` that must be one of the app's Redirect URLs (absent: the first), and `state`, which it hands back.
 * - The code it redirects with is good once, for 10 minutes ("expires after ten minutes").
 * - oauth.v2.access takes client_id and client_secret (form fields or HTTP Basic): `invalid_client_id`,
 *   `bad_client_secret`; a code unknown, used or expired: `invalid_code`; a redirect_uri other than the one the
 *   authorize request carried (when it carried one): `bad_redirect_uri`; grant_type other than
 *   authorization_code: `invalid_grant_type`. Its answer: access_token (xoxb-), token_type bot, scope, bot_user_id,
 *   app_id, team {id, name}, enterprise null, authed_user {id}, is_enterprise_install false.
 * - Uninstalling revokes the workspace's tokens: a revoked bot token answers `account_inactive` ("Authentication token
 *   is for a deleted user or workspace when using a bot token", chat.postMessage errors; bolt-python #1029), and Slack
 *   sends app_uninstalled and tokens_revoked, in either order (https://api.slack.com/events/app_uninstalled).
 */
const CODE_TTL_MS = 10 * 60_000;

export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  /** The workspaces; the default one (TEAM_ID) is where tests of the single-token mode live. */
  readonly teams = new Map<string, FakeTeam>([[TEAM_ID, { id: TEAM_ID, name: 'Test', botUserId: BOT_USER_ID, botId: BOT_ID }]]);
  /** Channels of a workspace other than the default one (a channel id names one workspace's channel). */
  readonly channelTeams = new Map<string, string>();
  /** The app's registration, once a test sets up installs by OAuth (registerApp). */
  app: FakeAppRegistration | null = null;
  /**
   * Any xoxb- token Slack did not issue through oauth.v2.access speaks for the default workspace: the single-token
   * tests bring their own. registerApp turns this off, as on Slack, where an unknown token is `invalid_auth`.
   */
  acceptAnyBotToken = true;
  /** Tokens issued by oauth.v2.access: the workspace each speaks for, its scopes, and whether it was revoked. */
  private readonly issued = new Map<string, { team: string; scopes: Set<string>; revoked: boolean }>();
  /** Authorization codes handed out by the authorize page. */
  private readonly codes = new Map<string, { team: string; user: string; redirectUri: string | null; scopes: Set<string>; at: number; used: boolean }>();
  /** Bodies POSTed to response_url, keyed by the url's id. */
  readonly responses: Array<{ id: string; body: Record<string, unknown>; at: number }> = [];
  readonly messages = new Map<string, StoredMessage[]>();
  readonly users = new Map<string, FakeUser>();
  /**
   * Channels the bot was invited to. As on Slack, a bot posts, reacts and reads history only where it is a
   * member (https://api.slack.com/methods/chat.postMessage#errors: not_in_channel): tests invite it explicitly.
   */
  readonly members = new Set<string>();
  /** Channels the bot is not a member of even if invited (kept for tests that remove it mid-way). */
  readonly notMember = new Set<string>();
  /** Channels that do not exist (from the bot's point of view). */
  readonly missing = new Set<string>();
  /** Archived channels: posting fails with is_archived. */
  readonly archived = new Set<string>();
  /** Files completed through files.uploadV2 (getUploadURLExternal -> upload -> completeUploadExternal). */
  readonly files: Array<{ id: string; title: string; name: string; channel: string | null; content: string; initialComment?: string }> = [];
  // --- files members share (for imports): files.info hands out a download URL that needs the bot token ---
  /** `signInPage`: Slack will not serve this file to the bot (see the /files/ route). */
  readonly sharedFiles = new Map<string, { name: string; content: string; signInPage?: boolean }>();
  /** Ephemeral answers sent with chat.postEphemeral, in order. */
  readonly ephemerals: Array<{ channel: string; user: string; text: string }> = [];
  /** Refusals the stand-in answered (method or response_url id, and Slack's error): tests assert none were needed. */
  readonly refusals: Array<{ where: string; error: string }> = [];
  /** The bot token's scopes (slack/manifest.yml's); a method needing another answers missing_scope, as on Slack. */
  readonly scopes = manifestScopes();
  private readonly uploads = new Map<string, { name: string; content?: string }>();
  private readonly responseUrls = new Map<string, { createdAt: number; uses: number }>();
  private fileCounter = 0;
  /** Acks the Socket Mode client sent back, by envelope id. */
  readonly acks = new Map<string, Record<string, unknown>>();
  private readonly failures = new Map<string, Failure[]>();
  private readonly waiters = new Set<() => void>();
  private server: Server | null = null;
  private wss: WebSocketServer | null = null;
  private sockets = new Set<WebSocket>();
  private tsCounter = 0;
  private envelopeCounter = 0;
  port = 0;

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  /** A fresh response_url that records what is posted to it (5 uses within 30 minutes, as on Slack). */
  responseUrl(id: string): string {
    if (!this.responseUrls.has(id)) this.responseUrls.set(id, { createdAt: Date.now(), uses: 0 });
    return `http://127.0.0.1:${this.port}/respond/${encodeURIComponent(id)}`;
  }

  /** Makes a response_url look `ms` older (expiry tests). */
  ageResponseUrl(id: string, ms: number): void {
    const r = this.responseUrls.get(id);
    if (r) r.createdAt -= ms;
  }

  /** Invites the bot to a channel (what `/invite @paperclub` does). */
  invite(...channels: string[]): void {
    for (const c of channels) this.members.add(c);
  }

  /** Removes the bot from a channel. */
  kick(channel: string): void {
    this.members.delete(channel);
  }

  /** Listens on `port` (0: any free one; a test that brings Slack up late asks for the port it stopped). */
  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        res.statusCode = 500;
        res.end(String(err));
      });
    });
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (req, socket, head) => {
      if (!req.url?.startsWith('/socket')) return socket.destroy();
      this.wss!.handleUpgrade(req, socket, head, (ws) => this.onSocket(ws));
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    this.sockets.clear();
    await new Promise<void>((resolve) => (this.wss ? this.wss.close(() => resolve()) : resolve()));
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  addUser(user: FakeUser): void {
    this.users.set(user.id, user);
  }

  /** A workspace besides the default one; `channels` are its channel ids (the bot is invited to none yet). */
  addTeam(team: { id: string; name: string; channels?: string[] }): FakeTeam {
    const t: FakeTeam = { id: team.id, name: team.name, botUserId: `UBOT${team.id}`, botId: `BBOT${team.id}` };
    this.teams.set(t.id, t);
    for (const c of team.channels ?? []) this.channelTeams.set(c, t.id);
    return t;
  }

  /** Registers the app for installs by OAuth; from now on only tokens Slack issued work. */
  registerApp(app: FakeAppRegistration): void {
    this.app = app;
    this.acceptAnyBotToken = false;
  }

  /**
   * A member of `team` approves the install on Slack's authorize page (the URL the app's "Add to Slack" links to).
   * Returns where Slack sends the browser next: the redirect URL with `code` and `state`, or an error (Slack shows
   * its own error page for a bad client id or redirect URL: thrown here).
   */
  approve(authorizeUrl: string, who: { team: string; user: string }): string {
    const url = new URL(authorizeUrl);
    if (url.origin !== `http://127.0.0.1:${this.port}` || url.pathname !== '/oauth/v2/authorize') throw new Error(`fake-slack: not the authorize page: ${url.origin}${url.pathname}`);
    if (!this.app || url.searchParams.get('client_id') !== this.app.clientId) throw new Error('fake-slack: invalid_client_id (the authorize page names an app Slack does not know)');
    const asked = url.searchParams.get('redirect_uri');
    if (asked !== null && !this.app.redirectUris.includes(asked)) throw new Error(`fake-slack: bad_redirect_uri ${asked} is not one of the app's Redirect URLs`);
    if (!this.teams.has(who.team)) throw new Error(`fake-slack: no workspace ${who.team}`);
    const redirect = new URL(asked ?? this.app.redirectUris[0]!);
    const state = url.searchParams.get('state');
    if (state !== null) redirect.searchParams.set('state', state);
    const scopes = (url.searchParams.get('scope') ?? '').split(',').filter(Boolean);
    const unknown = scopes.filter((sc) => !manifestScopes().has(sc));
    if (unknown.length) {
      redirect.searchParams.set('error', 'invalid_scope');
      return redirect.toString();
    }
    const code = `${who.team}.${Date.now()}.${Math.random().toString(36).slice(2, 12)}`;
    this.codes.set(code, { team: who.team, user: who.user, redirectUri: asked, scopes: new Set(scopes), at: Date.now(), used: false });
    redirect.searchParams.set('code', code);
    return redirect.toString();
  }

  /** Makes an authorization code look `ms` older (expiry tests). */
  ageCode(redirectUrl: string, ms: number): void {
    const c = this.codes.get(new URL(redirectUrl).searchParams.get('code') ?? '');
    if (c) c.at -= ms;
  }

  /** Someone removes the app from the workspace: its tokens stop working (account_inactive). Returns the bot user id. */
  uninstall(team: string): string {
    for (const t of this.issued.values()) if (t.team === team) t.revoked = true;
    return this.teams.get(team)!.botUserId;
  }

  /** The workspace a token speaks for, or the error Slack answers it with. */
  private teamOfToken(token: string | null): { team: string } | { error: string } {
    if (!token) return { error: 'not_authed' };
    const known = this.issued.get(token);
    if (known) return known.revoked ? { error: 'account_inactive' } : { team: known.team };
    // The app-level token (xapp-) of Socket Mode opens connections for the default workspace's single install.
    if (this.acceptAnyBotToken && (token.startsWith('xoxb-') || token.startsWith('xapp-'))) return { team: TEAM_ID };
    return { error: 'invalid_auth' };
  }

  /** oauth.v2.access: the code for the workspace's bot token (see the rules above this class). */
  private answerOAuthAccess(args: Record<string, unknown>, basic: { id: string; secret: string } | null): Record<string, unknown> {
    const clientId = basic?.id ?? (typeof args.client_id === 'string' ? args.client_id : '');
    const clientSecret = basic?.secret ?? (typeof args.client_secret === 'string' ? args.client_secret : '');
    if (!this.app || clientId !== this.app.clientId) return { ok: false, error: 'invalid_client_id' };
    if (clientSecret !== this.app.clientSecret) return { ok: false, error: 'bad_client_secret' };
    if (args.grant_type !== undefined && args.grant_type !== 'authorization_code') return { ok: false, error: 'invalid_grant_type' };
    const code = this.codes.get(String(args.code ?? ''));
    if (!code || code.used || Date.now() - code.at > CODE_TTL_MS) return { ok: false, error: 'invalid_code' };
    if (code.redirectUri !== null && args.redirect_uri !== code.redirectUri) return { ok: false, error: 'bad_redirect_uri' };
    code.used = true;
    const team = this.teams.get(code.team)!;
    // A workspace keeps its bot token while the app stays installed; after an uninstall it gets a new one.
    let token = [...this.issued].find(([, t]) => t.team === team.id && !t.revoked)?.[0];
    if (!token) {
      token = `xoxb-${team.id}-${Math.random().toString(36).slice(2, 14)}`;
      this.issued.set(token, { team: team.id, scopes: code.scopes, revoked: false });
    }
    return {
      ok: true,
      access_token: token,
      token_type: 'bot',
      scope: [...code.scopes].join(','),
      bot_user_id: team.botUserId,
      app_id: 'A0APP',
      team: { id: team.id, name: team.name },
      enterprise: null,
      authed_user: { id: code.user },
      is_enterprise_install: false,
    };
  }

  /** The next call(s) of `method` fail with this Slack error code (or HTTP 429 rate limiting). */
  failNext(method: string, error: string, times = 1): void {
    const list = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i++) list.push({ kind: 'error', error });
    this.failures.set(method, list);
  }

  rateLimitNext(method: string, retryAfter = 1): void {
    const list = this.failures.get(method) ?? [];
    list.push({ kind: 'ratelimit', retryAfter });
    this.failures.set(method, list);
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  reset(): void {
    this.calls.length = 0;
    this.responses.length = 0;
    this.refusals.length = 0;
  }

  /** Waits until `check` returns a value (re-checked on every recorded call), or fails after `timeoutMs`. */
  async waitFor<T>(check: () => T | undefined | null | false, timeoutMs = WAIT_MS, what = 'condition'): Promise<T> {
    const first = check();
    if (first) return first;
    return new Promise<T>((resolve, reject) => {
      const wake = () => {
        const v = check();
        if (v) {
          cleanup();
          resolve(v);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`fake-slack: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(wake);
      };
      this.waiters.add(wake);
    });
  }

  /** Waits for the n-th (1-based) response posted to response_url `id`. */
  waitForResponse(id: string, n = 1, timeoutMs = WAIT_MS): Promise<Record<string, unknown>> {
    return this.waitFor(
      () => this.responses.filter((r) => r.id === id)[n - 1]?.body,
      timeoutMs,
      `response #${n} to ${id}`,
    );
  }

  waitForCall(method: string, pred: (c: RecordedCall) => boolean = () => true, timeoutMs = WAIT_MS): Promise<RecordedCall> {
    return this.waitFor(() => this.calls.find((c) => c.method === method && pred(c)), timeoutMs, `call ${method}`);
  }

  /** Sends a Socket Mode envelope to every connected client and resolves with the client's ack. */
  async sendEnvelope(type: string, payload: Record<string, unknown>, timeoutMs = WAIT_MS): Promise<Record<string, unknown>> {
    const ws = [...this.sockets][0];
    if (!ws) throw new Error('fake-slack: no Socket Mode client connected');
    const envelopeId = `env-${++this.envelopeCounter}`;
    ws.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api' }));
    return this.waitFor(() => this.acks.get(envelopeId), timeoutMs, `ack of ${envelopeId}`);
  }

  /**
   * Sends a view_submission (a modal's Submit) to the app as Slack does, and waits for the ack. Slack waits 3 seconds
   * (https://api.slack.com/surfaces/modals#handling_submissions: "respond … within 3 seconds"); after that the
   * submitter sees an error whatever the app answers, so a later ack is refused here (and its response_action lost).
   */
  async submitView(appUrl: string, body: string, opts: SignedPostOptions): Promise<{ acked: boolean; status: number; text: string }> {
    try {
      return { acked: true, ...(await signedPost(appUrl, body, { ...opts, signal: AbortSignal.timeout(ACK_MS) })) };
    } catch (err) {
      if ((err as Error).name !== 'TimeoutError') throw err;
      this.refusals.push({ where: 'view_submission', error: 'no ack within 3 s' });
      this.notify();
      return { acked: false, status: 0, text: '' };
    }
  }

  /** Resolves once a Socket Mode client has connected (and was sent hello). */
  waitForSocket(timeoutMs = WAIT_MS): Promise<true> {
    return this.waitFor(() => (this.sockets.size > 0 ? true : undefined), timeoutMs, 'a Socket Mode connection');
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }

  private onSocket(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    ws.on('message', (data) => {
      try {
        const msg = JSON.parse(String(data)) as { envelope_id?: string; payload?: Record<string, unknown> };
        if (msg.envelope_id) this.acks.set(msg.envelope_id, msg.payload ?? {});
      } catch {
        // The real server ignores garbage too.
      }
      this.notify();
    });
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0APP' }, debug_info: {} }));
    this.notify();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    if (url.pathname.startsWith('/respond/')) {
      const id = decodeURIComponent(url.pathname.slice('/respond/'.length));
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      const limits = this.responseUrls.get(id) ?? { createdAt: Date.now(), uses: 0 };
      this.responseUrls.set(id, limits);
      const error =
        Date.now() - limits.createdAt > RESPONSE_URL_LIMITS.ttlMs ? 'expired_url' : limits.uses >= RESPONSE_URL_LIMITS.uses ? 'used_url' : messageError(body);
      if (error) {
        this.refusals.push({ where: `respond:${id}`, error });
        res.statusCode = error.endsWith('_url') ? 404 : 400;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ ok: false, error }));
        this.notify();
        return;
      }
      limits.uses++;
      this.responses.push({ id, body, at: Date.now() });
      this.notify();
      res.setHeader('content-type', 'text/plain');
      res.end('ok');
      return;
    }
    if (url.pathname.startsWith('/files/')) {
      // A shared file's private download URL wants `Authorization: Bearer <token>` (files:read). A download Slack will
      // not serve (no or wrong token, a token that may not read it) is not an error status: 200 with Slack's HTML
      // sign-in page (https://api.slack.com/types/file#auth; bolt-js #2585, deno-slack-sdk #285, wee-slack #767).
      const f = this.sharedFiles.get(decodeURIComponent(url.pathname.slice('/files/'.length)));
      const authorized = /^Bearer xoxb-/.test(String(req.headers.authorization ?? ''));
      if (!authorized || f?.signInPage) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(SIGN_IN_PAGE_HTML);
        return;
      }
      res.writeHead(f ? 200 : 404, { 'content-type': f ? 'text/plain; charset=utf-8' : 'text/html; charset=utf-8' }).end(f ? f.content : 'not found');
      return;
    }
    if (url.pathname.startsWith('/upload/')) {
      // files.uploadV2 step 2: the file's bytes go to the URL getUploadURLExternal handed out.
      const upload = this.uploads.get(decodeURIComponent(url.pathname.slice('/upload/'.length)));
      res.statusCode = upload ? 200 : 404;
      if (upload) upload.content = uploadedContent(raw, String(req.headers['content-type'] ?? ''));
      res.end(upload ? 'OK - ' + raw.length : 'not found');
      return;
    }
    if (!url.pathname.startsWith('/api/')) {
      res.statusCode = 404;
      res.end('not found');
      return;
    }
    const method = url.pathname.slice('/api/'.length);
    const args = parseArgs(raw, req.headers['content-type'] ?? '');
    const auth = req.headers.authorization;
    const basicAuth = typeof auth === 'string' && auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':') : null;
    const token = typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice(7) : typeof args.token === 'string' ? args.token : null;
    const owner = method === 'oauth.v2.access' ? null : this.teamOfToken(token);
    const team = owner && 'team' in owner ? owner.team : null;
    this.calls.push({ method, args, token, team, at: Date.now() });

    const failure = this.failures.get(method)?.shift();
    let status = 200;
    let body: Record<string, unknown>;
    if (failure?.kind === 'ratelimit') {
      status = 429;
      res.setHeader('retry-after', String(failure.retryAfter));
      body = { ok: false, error: 'ratelimited' };
    } else if (failure?.kind === 'error') {
      body = { ok: false, error: failure.error };
    } else if (method === 'oauth.v2.access') {
      // No token: the app proves itself with its client id and secret.
      body = this.answerOAuthAccess(args, basicAuth ? { id: basicAuth[0] ?? '', secret: basicAuth.slice(1).join(':') } : null);
      if (body.ok === false) this.refusals.push({ where: method, error: String(body.error) });
    } else if (owner && 'error' in owner) {
      body = { ok: false, error: owner.error };
      this.refusals.push({ where: method, error: owner.error });
    } else {
      const needed = neededScope(method, args);
      const scopes = (token && this.issued.get(token)?.scopes) || this.scopes;
      body = needed && !scopes.has(needed) ? { ok: false, error: 'missing_scope', needed, provided: [...scopes].join(',') } : this.answer(method, args, this.teams.get(team!)!);
      if (body.ok === false) this.refusals.push({ where: method, error: String(body.error) });
    }
    res.statusCode = status;
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(JSON.stringify(body));
    this.notify();
  }

  /** Message timestamps as Slack makes them: wall-clock seconds, unique microseconds. */
  private nextTs(): string {
    this.tsCounter += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(this.tsCounter).padStart(6, '0')}`;
  }

  private channelError(channel: unknown, team: FakeTeam): string | null {
    if (typeof channel !== 'string' || !channel) return 'channel_not_found';
    if (this.missing.has(channel)) return 'channel_not_found';
    if (/^D/.test(channel)) return null; // a DM the bot opened
    // Another workspace's channel does not exist for this workspace's token.
    if ((this.channelTeams.get(channel) ?? TEAM_ID) !== team.id) return 'channel_not_found';
    if (this.archived.has(channel)) return 'is_archived';
    if (this.notMember.has(channel) || !this.members.has(channel)) return 'not_in_channel';
    return null;
  }

  private answer(method: string, args: Record<string, unknown>, team: FakeTeam): Record<string, unknown> {
    if (method === 'views.publish') return this.answerViewsPublish(args, team);
    if (method === 'views.open') return this.answerViewsOpen(args);
    const channelError = (channel: unknown) => this.channelError(channel, team);
    switch (method) {
      case 'auth.test':
        return { ok: true, url: `https://${team.name.toLowerCase()}.slack.com/`, team: team.name, user: 'paperclub', team_id: team.id, user_id: team.botUserId, bot_id: team.botId };
      case 'apps.connections.open':
        return { ok: true, url: `ws://127.0.0.1:${this.port}/socket` };
      case 'chat.postMessage': {
        const err = channelError(args.channel) ?? messageError(args);
        if (err) return { ok: false, error: err };
        const channel = String(args.channel);
        const ts = this.nextTs();
        const msg: StoredMessage = { ts, channel, text: String(args.text ?? ''), user: team.botUserId, bot_id: team.botId };
        if (Array.isArray(args.blocks)) msg.blocks = args.blocks;
        if (args.metadata && typeof args.metadata === 'object') msg.metadata = args.metadata as StoredMessage['metadata'];
        if (typeof args.thread_ts === 'string') msg.thread_ts = args.thread_ts;
        const list = this.messages.get(channel) ?? [];
        list.push(msg);
        this.messages.set(channel, list);
        return { ok: true, channel, ts, message: { ...msg, type: 'message' } };
      }
      case 'chat.update': {
        // Edits a stored message in place; metadata is replaced only when sent, as Slack does.
        const err = channelError(args.channel) ?? messageError(args);
        if (err) return { ok: false, error: err };
        const channel = String(args.channel);
        const msg = (this.messages.get(channel) ?? []).find((m) => m.ts === args.ts);
        if (!msg) return { ok: false, error: 'message_not_found' };
        if (msg.bot_id !== team.botId) return { ok: false, error: 'cant_update_message' };
        msg.text = String(args.text ?? '');
        msg.blocks = Array.isArray(args.blocks) ? args.blocks : undefined;
        if (args.metadata && typeof args.metadata === 'object') msg.metadata = args.metadata as StoredMessage['metadata'];
        return { ok: true, channel, ts: msg.ts, text: msg.text, message: { ...msg, type: 'message' } };
      }
      case 'chat.postEphemeral': {
        const err = channelError(args.channel);
        if (!err) this.ephemerals.push({ channel: String(args.channel), user: String(args.user), text: String(args.text ?? '') });
        if (!err) this.notify();
        return err ? { ok: false, error: err } : { ok: true, message_ts: this.nextTs() };
      }
      case 'files.info': {
        const f = this.sharedFiles.get(String(args.file));
        if (!f) return { ok: false, error: 'file_not_found' };
        const id = String(args.file);
        return { ok: true, file: { id, name: f.name, size: Buffer.byteLength(f.content), url_private_download: `http://127.0.0.1:${this.port}/files/${encodeURIComponent(id)}` } };
      }
      case 'reactions.add': {
        const err = channelError(args.channel);
        return err ? { ok: false, error: err } : { ok: true };
      }
      case 'conversations.open': {
        const users = Array.isArray(args.users) ? args.users.join(',') : String(args.users ?? '');
        return { ok: true, channel: { id: `D${users.replace(/[^A-Z0-9]/gi, '')}` } };
      }
      case 'conversations.info': {
        const err = channelError(args.channel);
        if (err === 'channel_not_found') return { ok: false, error: err };
        const id = String(args.channel);
        return { ok: true, channel: { id, name: `chan-${id.toLowerCase()}`, is_member: this.members.has(id) && !this.notMember.has(id), is_archived: this.archived.has(id) } };
      }
      case 'files.getUploadURLExternal': {
        if (typeof args.filename !== 'string' || !args.filename || !Number(args.length)) return { ok: false, error: 'invalid_arguments' };
        const id = `F${String(++this.fileCounter).padStart(6, '0')}`;
        this.uploads.set(id, { name: args.filename });
        return { ok: true, upload_url: `http://127.0.0.1:${this.port}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const files = Array.isArray(args.files) ? (args.files as Array<{ id: string; title?: string }>) : [];
        if (!files.length) return { ok: false, error: 'invalid_arguments' };
        const channel = typeof args.channel_id === 'string' && args.channel_id ? args.channel_id : null;
        if (channel) {
          const err = channelError(channel);
          if (err) return { ok: false, error: err };
        }
        for (const f of files) {
          const up = this.uploads.get(f.id);
          if (!up || up.content === undefined) return { ok: false, error: 'file_not_found' };
        }
        for (const f of files) {
          const up = this.uploads.get(f.id)!;
          this.files.push({ id: f.id, title: f.title ?? up.name, name: up.name, channel, content: up.content!, ...(typeof args.initial_comment === 'string' ? { initialComment: args.initial_comment } : {}) });
        }
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title })) };
      }
      case 'conversations.history': {
        const err = channelError(args.channel);
        if (err) return { ok: false, error: err };
        // Newest first, top-level messages only, as Slack returns them.
        const all = (this.messages.get(String(args.channel)) ?? []).filter((m) => !m.thread_ts).reverse();
        const oldest = Number(args.oldest ?? 0);
        const within = all.filter((m) => Number(m.ts) >= oldest);
        const limit = Number(args.limit ?? 100);
        const start = Number(args.cursor ?? 0);
        const page = within.slice(start, start + limit);
        const withMeta = args.include_all_metadata === true || args.include_all_metadata === 'true';
        const messages = page.map(({ metadata, ...m }) => ({ type: 'message', ...m, ...(withMeta && metadata ? { metadata } : {}) }));
        const more = start + limit < within.length;
        return { ok: true, messages, has_more: more, response_metadata: { next_cursor: more ? String(start + limit) : '' } };
      }
      case 'users.info': {
        const u = this.users.get(String(args.user));
        if (!u || (u.team ?? TEAM_ID) !== team.id) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: {
            id: u.id,
            name: u.name,
            real_name: u.displayName ?? u.name,
            is_admin: u.isAdmin ?? false,
            is_owner: u.isOwner ?? false,
            is_primary_owner: false,
            profile: { display_name: u.displayName ?? '', real_name: u.displayName ?? u.name },
          },
        };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  // --- Forms (issue 12): trigger ids and views.open ---------------------------------------------------------------

  /** Modals opened with views.open, oldest first (the view object as the SDK sent it). */
  readonly openedViews: Array<Record<string, unknown>> = [];
  /** Trigger ids handed out with interactions: when, and whether a view was opened with them already. */
  private readonly triggers = new Map<string, { at: number; used: boolean }>();

  /** A trigger id as Slack sends with an interaction: good for one views.open within 3 seconds. */
  issueTrigger(): string {
    const id = `trig-${this.triggers.size + 1}-${Math.random().toString(36).slice(2, 8)}`;
    this.triggers.set(id, { at: Date.now(), used: false });
    return id;
  }

  /** Makes a trigger id look `ms` older (expiry tests). */
  ageTrigger(id: string, ms: number): void {
    const t = this.triggers.get(id);
    if (t) t.at -= ms;
  }

  /**
   * views.open as Slack checks it (https://api.slack.com/methods/views.open#errors): a known trigger_id, used once,
   * within 3 seconds; a modal with a title, submit and close of at most 24 characters, at most 100 blocks, input
   * labels of at most 2,000, private_metadata of at most 3,000 and a callback_id of at most 255 characters.
   */
  private answerViewsOpen(args: Record<string, unknown>): Record<string, unknown> {
    const t = this.triggers.get(String(args.trigger_id ?? ''));
    if (!t) return { ok: false, error: 'invalid_trigger_id' };
    if (t.used) return { ok: false, error: 'exchanged_trigger_id' };
    if (Date.now() - t.at > 3000) return { ok: false, error: 'expired_trigger_id' };
    const view = (typeof args.view === 'string' ? JSON.parse(args.view) : args.view) as Record<string, any> | undefined;
    const plain = (o: any, max: number) => o?.type === 'plain_text' && typeof o.text === 'string' && o.text.length >= 1 && o.text.length <= max;
    if (!view || view.type !== 'modal' || !plain(view.title, 24)) return { ok: false, error: 'invalid_arguments' };
    if ((view.submit && !plain(view.submit, 24)) || (view.close && !plain(view.close, 24))) return { ok: false, error: 'invalid_arguments' };
    if (!Array.isArray(view.blocks) || view.blocks.length < 1 || view.blocks.length > 100) return { ok: false, error: 'invalid_arguments' };
    if ((view.private_metadata ?? '').length > 3000 || (view.callback_id ?? '').length > 255) return { ok: false, error: 'invalid_arguments' };
    for (const b of view.blocks) {
      if (b.type === 'input' && (!plain(b.label, 2000) || !b.element?.action_id || (b.element.max_length ?? 0) > 3000)) return { ok: false, error: 'invalid_arguments' };
    }
    t.used = true;
    this.openedViews.push(view);
    return { ok: true, view: { id: `VMODAL${this.openedViews.length}`, team_id: TEAM_ID, ...view } };
  }

  // --- App Home (issue 11): views.publish ------------------------------------------------------------------------

  /** Home views published, per user id, oldest first (the view object as the SDK sent it). */
  readonly homeViews = new Map<string, Array<Record<string, unknown>>>();

  /** views.publish as Slack checks it: a user id, a `home` view of at most 100 blocks. */
  private answerViewsPublish(args: Record<string, unknown>, team: FakeTeam): Record<string, unknown> {
    const view = (typeof args.view === 'string' ? JSON.parse(args.view) : args.view) as Record<string, unknown> | undefined;
    const userId = typeof args.user_id === 'string' ? args.user_id : '';
    if (!userId) return { ok: false, error: 'invalid_arguments' };
    if (!view || view.type !== 'home' || !Array.isArray(view.blocks) || view.blocks.length > 100) return { ok: false, error: 'invalid_arguments' };
    const list = this.homeViews.get(userId) ?? [];
    list.push(view);
    this.homeViews.set(userId, list);
    return { ok: true, view: { id: `V${list.length}${userId}`, team_id: team.id, ...view } };
  }
}

/** The file's text from an upload body: raw bytes, or the first part of a multipart/form-data body (what the SDK sends). */
function uploadedContent(raw: string, contentType: string): string {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  if (!contentType.startsWith('multipart/form-data') || !boundary) return raw;
  const b = boundary[1] ?? boundary[2]!;
  for (const part of raw.split(`--${b}`)) {
    const sep = part.indexOf('\r\n\r\n');
    if (sep >= 0) return part.slice(sep + 4).replace(/\r\n$/, '');
  }
  return '';
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseArgs(raw: string, contentType: string): Record<string, unknown> {
  if (!raw) return {};
  if (contentType.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    if (JSON_FIELDS.has(k) && /^[[{]/.test(v)) {
      try {
        out[k] = JSON.parse(v);
        continue;
      } catch {
        // keep the raw string
      }
    }
    out[k] = v;
  }
  return out;
}

/** Starts a stand-in with two users: alice (member) and boss (workspace admin). */
export async function startFakeSlack(port = 0): Promise<FakeSlack> {
  const fake = await new FakeSlack().start(port);
  fake.addUser({ id: 'UALICE', name: 'alice', displayName: 'Alice' });
  fake.addUser({ id: 'UBOB', name: 'bob', displayName: 'Bob' });
  fake.addUser({ id: 'UBOSS', name: 'boss', displayName: 'Boss', isAdmin: true });
  return fake;
}

/** Slack's v0 request signature over `v0:{ts}:{body}`. */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return 'v0=' + createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
}

export interface SignedPostOptions {
  secret: string;
  /** Seconds since the epoch; defaults to now. */
  timestamp?: number;
  /** Overrides the computed signature (bad-signature tests). */
  signature?: string;
  retryNum?: number;
  contentType?: 'form' | 'json';
  /** Gives up waiting for the app's answer (Slack's 3-second ack). */
  signal?: AbortSignal;
}

/** POSTs a signed request to the Bolt HTTP endpoint, as Slack would. */
export async function signedPost(url: string, body: string, opts: SignedPostOptions): Promise<{ status: number; text: string }> {
  const ts = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': opts.contentType === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(ts),
    'x-slack-signature': opts.signature ?? slackSignature(opts.secret, ts, body),
  };
  if (opts.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(opts.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  const res = await fetch(url, { method: 'POST', headers, body, ...(opts.signal ? { signal: opts.signal } : {}) });
  return { status: res.status, text: await res.text() };
}

/** Form body of a slash command invocation. */
export function slashCommandBody(p: { text: string; userId: string; userName: string; channel: string; responseUrl: string; team?: string; channelName?: string }): string {
  return new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: p.team ?? TEAM_ID,
    team_domain: 'test',
    channel_id: p.channel,
    // A DM with the bot arrives as a D… id named `directmessage`.
    channel_name: p.channelName ?? (p.channel.startsWith('D') ? 'directmessage' : `chan-${p.channel.toLowerCase()}`),
    user_id: p.userId,
    user_name: p.userName,
    command: '/paperclub',
    text: p.text,
    api_app_id: 'A0APP',
    response_url: p.responseUrl,
    trigger_id: `trig-${Math.random().toString(36).slice(2)}`,
  }).toString();
}

/** Form body of a block_actions click on a button. */
export function blockActionBody(p: { userId: string; userName: string; channel: string; messageTs: string; actionId: string; value: string; responseUrl: string; team?: string; triggerId?: string }): string {
  const payload = {
    type: 'block_actions',
    team: { id: p.team ?? TEAM_ID, domain: 'test' },
    user: { id: p.userId, username: p.userName, name: p.userName, team_id: p.team ?? TEAM_ID },
    api_app_id: 'A0APP',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: p.messageTs, channel_id: p.channel, is_ephemeral: false },
    trigger_id: p.triggerId ?? `trig-${Math.random().toString(36).slice(2)}`,
    channel: { id: p.channel, name: `chan-${p.channel.toLowerCase()}` },
    message: { type: 'message', ts: p.messageTs, user: BOT_USER_ID, bot_id: BOT_ID, text: '' },
    response_url: p.responseUrl,
    actions: [{ type: 'button', action_id: p.actionId, block_id: 'paperclub-actions', value: p.value, action_ts: `${Date.now() / 1000}` }],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** The Events API envelope Slack wraps every event in (event_callback, with the app's authorization). */
function eventCallbackBody(p: { eventId: string; team?: string }, event: Record<string, unknown>): string {
  return JSON.stringify({
    token: 'legacy-verification-token',
    team_id: p.team ?? TEAM_ID,
    api_app_id: 'A0APP',
    type: 'event_callback',
    event_id: p.eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: p.team ?? TEAM_ID, user_id: BOT_USER_ID, is_bot: true }],
    event,
  });
}

/** JSON body of an Events API reaction event. */
export function reactionEventBody(p: { added: boolean; eventId: string; userId: string; channel: string; ts: string; reaction: string; team?: string }): string {
  return eventCallbackBody(p, {
    type: p.added ? 'reaction_added' : 'reaction_removed',
    user: p.userId,
    reaction: p.reaction,
    item_user: BOT_USER_ID,
    item: { type: 'message', channel: p.channel, ts: p.ts },
    event_ts: `${Date.now() / 1000}`,
  });
}

/** JSON body of app_uninstalled (https://api.slack.com/events/app_uninstalled): the app was removed from `team`. */
export function appUninstalledBody(p: { eventId: string; team: string }): string {
  return eventCallbackBody(p, { type: 'app_uninstalled' });
}

/** JSON body of tokens_revoked (https://api.slack.com/events/tokens_revoked): user ids per kind of token, not tokens. */
export function tokensRevokedBody(p: { eventId: string; team: string; bot?: string[]; oauth?: string[] }): string {
  return eventCallbackBody(p, { type: 'tokens_revoked', tokens: { ...(p.oauth ? { oauth: p.oauth } : {}), ...(p.bot ? { bot: p.bot } : {}) } });
}

/** JSON body of an Events API app_home_opened event (the member opened the bot's Home tab). */
export function appHomeOpenedBody(p: { eventId: string; userId: string; tab?: 'home' | 'messages'; team?: string }): string {
  return eventCallbackBody(p, { type: 'app_home_opened', user: p.userId, channel: `D${p.userId}`, tab: p.tab ?? 'home', event_ts: `${Date.now() / 1000}` });
}

/** Form body of a block_actions click on a button in the bot's Home tab (no channel, no response_url). */
export function homeActionBody(p: { userId: string; actionId: string; value: string; team?: string }): string {
  const payload = {
    type: 'block_actions',
    team: { id: p.team ?? TEAM_ID, domain: 'test' },
    user: { id: p.userId, username: p.userId.toLowerCase(), name: p.userId.toLowerCase(), team_id: p.team ?? TEAM_ID },
    api_app_id: 'A0APP',
    token: 'legacy-verification-token',
    container: { type: 'view', view_id: 'VHOME' },
    trigger_id: `trig-${Math.random().toString(36).slice(2)}`,
    view: { id: 'VHOME', type: 'home' },
    actions: [{ type: 'button', action_id: p.actionId, block_id: 'home', value: p.value, action_ts: `${Date.now() / 1000}` }],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** JSON body of a message that shares a file in a channel (subtype file_share), as Slack sends it. */
export function fileShareEventBody(p: { eventId: string; userId: string; channel: string; text: string; fileId: string; fileName: string; size: number; team?: string }): string {
  return eventCallbackBody(p, {
    type: 'message',
    subtype: 'file_share',
    user: p.userId,
    channel: p.channel,
    channel_type: 'channel',
    text: p.text,
    ts: `${Date.now() / 1000}`,
    files: [{ id: p.fileId, name: p.fileName, size: p.size, mimetype: 'text/markdown' }],
  });
}

/** Form body of a view_submission (a modal's Submit), with the typed values per block (block_id = action_id). */
export function viewSubmissionBody(p: { userId: string; view: Record<string, any>; values: Record<string, string>; team?: string }): string {
  const values = Object.fromEntries(Object.entries(p.values).map(([k, v]) => [k, { [k]: { type: 'plain_text_input', value: v } }]));
  const payload = {
    type: 'view_submission',
    team: { id: p.team ?? TEAM_ID, domain: 'test' },
    user: { id: p.userId, username: p.userId.toLowerCase(), name: p.userId.toLowerCase(), team_id: p.team ?? TEAM_ID },
    api_app_id: 'A0APP',
    token: 'legacy-verification-token',
    trigger_id: `trig-${Math.random().toString(36).slice(2)}`,
    view: { id: 'VMODAL1', team_id: p.team ?? TEAM_ID, ...p.view, state: { values }, hash: 'h1', app_id: 'A0APP', bot_id: BOT_ID },
    response_urls: [],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
