import { decodeAction } from '../../button-actions.ts';
import {
  ApplicationCommandOptionType,
  ChannelType,
  ComponentType,
  DiscordAPIError,
  Events,
  MessageFlags,
  PermissionFlagsBits,
  TextInputStyle,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Client,
  type CommandInteractionOption,
  type Interaction,
  type ModalSubmitInteraction,
  type RepliableInteraction,
} from 'discord.js';
import type { UserRef } from '../../dispatch/ports.ts';
import type { Where } from '../../club/types.ts';
import { commandPath, type Args, type Command, type Reply } from '../../commands/types.ts';
import type { FormSpec } from '../../render/reply.ts';
import type { Logger } from '../../logger.ts';
import { slashName } from './command-data.ts';
import type { FailureReporter } from './errors.ts';
import { LIMITS, clip } from './limits.ts';
import { importTooLarge, MAX_IMPORT_BYTES } from '../../commands/club/import.ts';
import { resolveGuildEmoji } from './emoji.ts';
import { editPublishedPost } from './post-update.ts';
import { renderReply } from './render.ts';
import type { CorePort, DiscordDeps } from './types.ts';

export interface InteractionOptions {
  /** Answer directly when the core is faster than this; otherwise defer (Discord drops answers after 3 s). */
  deferAfterMs?: number;
  /** Where failed edits of a changed weekly post are reported; without it they are only logged. */
  reporter?: FailureReporter;
  /** Remembers each handler under way, so a shutdown lets it finish (main.ts: InFlight). */
  track?: <T>(work: Promise<T>) => Promise<T>;
}

/** The interaction can no longer carry an answer: Unknown interaction (past 3 s), Unknown Webhook, Invalid Webhook Token (past 15 min). */
const INTERACTION_GONE = new Set([10062, 10015, 50027]);

/** What the caller's private "thinking…" placeholder says while a slow public answer is posted for everyone. */
export const SLOW_PUBLIC_NOTE = 'Posting the answer in the channel for everyone…';

/** The prefix of modal custom ids: `modal:<command path>:<other args as a query string>`. */
const MODAL = 'modal:';

/** Routes every interaction to the core: slash commands, autocomplete, buttons and modal submits. */
export function registerInteractions(client: Client, deps: DiscordDeps, opts: InteractionOptions = {}): void {
  const router = new InteractionRouter(deps, opts);
  client.on(Events.InteractionCreate, (i) => void (opts.track ? opts.track(router.handle(i)) : router.handle(i)));
}

/** One place that knows how core commands are named on Discord, in both directions. */
export class InteractionRouter {
  private readonly byDiscordPath = new Map<string, Command>();
  private readonly core: CorePort;
  private readonly logger: Logger;
  private readonly deferAfterMs: number;
  private readonly reporter: FailureReporter | undefined;

  constructor(deps: DiscordDeps, opts: InteractionOptions = {}) {
    this.reporter = opts.reporter;
    this.core = deps.core;
    this.logger = deps.logger.child({ part: 'discord-interactions' });
    this.deferAfterMs = opts.deferAfterMs ?? 1500;
    for (const c of this.core.commands) {
      this.byDiscordPath.set([c.group, c.name].filter(Boolean).map((n) => slashName(n!)).join(' '), c);
    }
  }

  async handle(i: Interaction): Promise<void> {
    try {
      // Another process running the same shard may have taken it (it answers; a second answer would be refused).
      if (this.core.takeInteraction && !(await this.core.takeInteraction('discord', i.id))) {
        this.logger.debug('interaction taken by another process', { interactionId: i.id });
        return;
      }
      if (!i.inGuild()) {
        // Rotation & wrap-up: the rotation's Accept / Pass are pressed in the DM that asked.
        if (i.isButton() && decodeAction(i.customId)?.kind === 'rotation') return await this.onButton(i);
        if (i.isRepliable()) await i.reply({ content: 'Paper club commands work in server channels.', flags: MessageFlags.Ephemeral });
        return;
      }
      if (i.isChatInputCommand()) await this.onCommand(i);
      else if (i.isAutocomplete()) await this.onAutocomplete(i);
      else if (i.isButton()) await this.onButton(i);
      else if (i.isModalSubmit()) await this.onModal(i);
    } catch (err) {
      // Usually an expired token (10062) or a network error; the core has already done its part.
      this.logger.error('interaction failed', { interactionId: i.id, type: i.type, channel: i.channelId, guild: i.guildId, err });
    }
  }

  /** Resolves a slash command to its core command and arguments; null when it is not ours. */
  parseCommand(i: Pick<ChatInputCommandInteraction, 'commandName' | 'options'>): { command: Command; args: Args } | null {
    const group = i.options.getSubcommandGroup(false);
    const sub = i.options.getSubcommand(false);
    const command = this.byDiscordPath.get([i.commandName, group, sub].filter(Boolean).join(' '));
    if (!command) return null;
    return { command, args: toArgs(command, leafOptions(i.options.data)) };
  }

  private async onCommand(i: ChatInputCommandInteraction): Promise<void> {
    const parsed = this.parseCommand(i);
    if (!parsed) {
      await i.reply({ content: 'This command is out of date; ask an admin to run deploy-commands.', flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
      return;
    }
    const { command, args } = parsed;
    const long = command.options.find((o) => o.long);
    if (long && args[long.name] === undefined) {
      const modal = noteModal(command, long.name, long.description, long.maxLength, args);
      if (modal) {
        await i.showModal(modal);
        return;
      }
    }
    const run = async (): Promise<Reply> => {
      const files = await fetchAttachments(command, leafOptions(i.options.data));
      if (!files.ok) return { private: true, error: true, text: files.error };
      if (typeof args.emoji === 'string') {
        const emoji = resolveGuildEmoji(i.guild, args.emoji);
        if (!emoji.ok) return { private: true, error: true, text: emoji.error };
        args.emoji = emoji.value;
      }
      return this.core.execute({ where: whereOf(i), user: userOf(i), command: commandPath(command), args: { ...args, ...files.args } });
    };
    await this.answer(i, run());
  }

  private async onAutocomplete(i: AutocompleteInteraction): Promise<void> {
    const group = i.options.getSubcommandGroup(false);
    const sub = i.options.getSubcommand(false);
    const command = this.byDiscordPath.get([i.commandName, group, sub].filter(Boolean).join(' '));
    const focused = i.options.getFocused(true);
    const spec = command?.options.find((o) => slashName(o.name) === focused.name);
    if (!spec?.autocomplete) return i.respond([]);
    const choices = await this.core.suggest({ where: whereOf(i), user: userOf(i), source: spec.autocomplete, query: String(focused.value) });
    await i.respond(
      choices
        .filter((c) => c.value.length <= LIMITS.choiceValue)
        .slice(0, LIMITS.choices)
        .map((c) => ({ name: clip(c.name, LIMITS.choiceName), value: c.value })),
    );
  }

  private async onButton(i: ButtonInteraction): Promise<void> {
    const where: Where = i.inGuild() ? whereOf(i) : { platform: 'discord', workspace: '', channel: i.channelId };
    // Rotation & wrap-up: "Add slides / recording" answers with a form; the core's check is quick (no platform call).
    if (decodeAction(i.customId)?.kind === 'links') {
      const reply = await this.core.runAction({ where, user: userOf(i), action: i.customId });
      const modal = reply.form ? formModal(reply.form) : null;
      if (modal) await i.showModal(modal);
      else await this.answer(i, Promise.resolve(reply));
      return;
    }
    await this.answer(i, this.core.runAction({ where, user: userOf(i), action: i.customId }));
  }

  private async onModal(i: ModalSubmitInteraction): Promise<void> {
    if (!i.customId.startsWith(MODAL)) return;
    const [path, query = ''] = splitOnce(i.customId.slice(MODAL.length), ':');
    const command = this.core.commands.find((c) => commandPath(c) === path);
    if (!command) return;
    const args: Args = Object.fromEntries(new URLSearchParams(query));
    for (const [customId, field] of i.fields.fields) if ('value' in field && typeof field.value === 'string') args[customId] = field.value;
    await this.answer(i, this.core.execute({ where: whereOf(i), user: userOf(i), command: path, args }));
  }

  /**
   * Answers the interaction with the core's reply, then, when the reply changed a published weekly post,
   * edits that post in place. The edit follows even a failed answer (expired token): the change is made.
   */
  private async answer(i: RepliableInteraction, work: Promise<Reply>): Promise<void> {
    // The core never throws, but the adapter's own steps (downloads, posting) may: still answer.
    const pending = work.catch((err): Reply => {
      this.logger.error('interaction work failed', { interactionId: i.id, channel: i.channelId, err });
      return { private: true, error: true, text: 'Something went wrong on our side; it has been logged. Please try again.' };
    });
    let answered: string | null = null;
    try {
      answered = await this.send(i, pending);
    } finally {
      const update = (await pending).postUpdate;
      if (update) await editPublishedPost(i.client, update, { guild: i.guildId ?? undefined, reporter: this.reporter, logger: this.logger });
    }
    await this.editLater(i, (await pending).later, answered);
  }

  /**
   * A reply that named a paper before its look-up answered comes again: the answer is edited in place (the
   * interaction's token allows edits for 15 minutes; `answer` is '@original' or the public follow-up's id).
   */
  private async editLater(i: RepliableInteraction, later: Reply['later'], answer: string | null): Promise<void> {
    const next = later ? await later : null;
    if (!next || !answer) return;
    const { flags: _ephemeral, ...payload } = renderReply(next);
    try {
      await i.editReply({ ...payload, message: answer });
    } catch (err) {
      this.logger.warn('reply not edited with fetched paper details', { interactionId: i.id, err });
    }
  }

  /**
   * Sends the reply: directly when it is ready within `deferAfterMs`, otherwise defer and send it when ready.
   * Ephemerality is fixed at defer time and a slow answer's privacy is not known yet, so the deferral is ephemeral
   * ("thinking…" is seen by the caller alone). A private reply is edited in. A public one cannot be: the placeholder
   * stays private, and the first follow-up after a defer only edits it (Discord docs, Create Followup Message;
   * discord.js #6465). So the placeholder becomes a short note first, the answer goes out as a second, public
   * follow-up, and the note is removed. When the interaction can no longer carry an answer (too late to defer,
   * token expired after 15 minutes), a public answer is posted in the channel instead. Returns which message of the
   * interaction holds the answer ('@original' or the follow-up's id) for a later edit, or null when none does.
   */
  private async send(i: RepliableInteraction, pending: Promise<Reply>): Promise<string | null> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), this.deferAfterMs)));
    const first = await Promise.race([pending, late]);
    clearTimeout(timer);
    if (first !== 'late') {
      return i.reply(renderReply(first)).then(
        () => '@original',
        (err: unknown) => this.postInChannel(i, first, err).then(() => null),
      );
    }
    try {
      await i.deferReply({ flags: MessageFlags.Ephemeral });
    } catch (err) {
      await this.postInChannel(i, await pending, err);
      return null;
    }
    const reply = await pending;
    const { flags: _ephemeral, ...payload } = renderReply(reply);
    if (reply.private) {
      await i.editReply(payload);
      return '@original';
    }
    let followUp: { id: string };
    try {
      await i.editReply({ content: SLOW_PUBLIC_NOTE, allowedMentions: { parse: [] } });
      followUp = await i.followUp(payload);
    } catch (err) {
      await this.postInChannel(i, reply, err);
      return null;
    }
    await i.deleteReply().catch((err: unknown) => this.logger.warn('placeholder note not removed', { interactionId: i.id, err }));
    return followUp.id;
  }

  /**
   * The interaction can no longer carry the answer (`err` is one of INTERACTION_GONE): a public one is posted in the
   * channel, where everyone was meant to see it. A private one cannot be delivered any other way, and any other
   * error is not the interaction's age: `err` stands.
   */
  private async postInChannel(i: RepliableInteraction, reply: Reply, err: unknown): Promise<void> {
    if (reply.private || !(err instanceof DiscordAPIError && INTERACTION_GONE.has(Number(err.code)))) throw err;
    const channel = i.channelId ? await i.client.channels.fetch(i.channelId).catch(() => null) : null;
    if (!channel?.isSendable()) throw err;
    const { flags: _ephemeral, ...payload } = renderReply(reply);
    await channel.send(payload);
    this.logger.warn('public answer posted in the channel: the interaction could not carry it', { interactionId: i.id, channel: i.channelId, err });
  }
}

/** The modal that collects a long text option (`/note` with no text); null when its state cannot fit a custom id. */
function noteModal(command: Command, field: string, label: string, maxLength: number | undefined, args: Args) {
  const state = new URLSearchParams();
  for (const [k, v] of Object.entries(args)) if (typeof v === 'string' || typeof v === 'number') state.set(k, String(v));
  const customId = `${MODAL}${commandPath(command)}:${state}`;
  if (customId.length > LIMITS.customId) return null;
  return {
    custom_id: customId,
    title: clip(`/${commandPath(command)}`, 45),
    components: [
      {
        type: ComponentType.Label as const,
        label: clip(label, 45),
        component: {
          type: ComponentType.TextInput as const,
          custom_id: field,
          style: TextInputStyle.Paragraph,
          required: true,
          max_length: Math.min(maxLength ?? LIMITS.modalText, LIMITS.modalText),
        },
      },
    ],
  };
}

// Rotation & wrap-up (issue 12)
/** A core form as a modal; its submit comes back through onModal as the form's command. Null when it cannot fit. */
export function formModal(form: FormSpec) {
  const state = new URLSearchParams();
  for (const [k, v] of Object.entries(form.args)) state.set(k, String(v));
  const customId = `${MODAL}${form.command}:${state}`;
  if (customId.length > LIMITS.customId || !form.fields.length) return null;
  return {
    custom_id: customId,
    title: clip(form.title, 45),
    components: form.fields.slice(0, 5).map((f) => ({
      type: ComponentType.Label as const,
      label: clip(f.label, 45),
      component: {
        type: ComponentType.TextInput as const,
        custom_id: f.name,
        style: TextInputStyle.Short,
        required: Boolean(f.required),
        max_length: Math.min(f.maxLength ?? LIMITS.modalText, LIMITS.modalText),
        ...(f.placeholder ? { placeholder: clip(f.placeholder, 100) } : {}),
      },
    })),
  };
}

/** The options under the (sub)command, flattened. */
function leafOptions(data: readonly CommandInteractionOption[]): readonly CommandInteractionOption[] {
  const first = data[0];
  if (first && (first.type === ApplicationCommandOptionType.Subcommand || first.type === ApplicationCommandOptionType.SubcommandGroup)) {
    return leafOptions(first.options ?? []);
  }
  return data;
}

/** Discord option values -> core Args, keyed by the core's option names. */
export function toArgs(command: Command, options: readonly CommandInteractionOption[]): Args {
  const args: Args = {};
  for (const o of options) {
    const spec = command.options.find((s) => slashName(s.name) === o.name);
    if (!spec) continue;
    if (o.type === ApplicationCommandOptionType.Attachment) {
      continue; // fetched separately: see fetchAttachments
    } else if (o.type === ApplicationCommandOptionType.User) {
      const id = o.user?.id ?? String(o.value);
      const member = o.member && 'displayName' in o.member ? o.member.displayName : (o.member as { nick?: string | null } | undefined)?.nick;
      args[spec.name] = { userId: id, displayName: member ?? o.user?.globalName ?? o.user?.username ?? id };
    } else if (o.type === ApplicationCommandOptionType.Channel) {
      const type = o.channel?.type;
      // Anything but a voice or stage channel goes on as text, for the core to refuse by name.
      args[spec.name] =
        type === ChannelType.GuildVoice || type === ChannelType.GuildStageVoice
          ? { channelId: String(o.value), kind: type === ChannelType.GuildStageVoice ? 'stage' : 'voice' }
          : String(o.value);
    } else if (o.value !== undefined) {
      args[spec.name] = o.value;
    }
  }
  return args;
}

/** Attachment options arrive as URLs; the core wants { name, content }, so we download the text here. */
async function fetchAttachments(command: Command, options: readonly CommandInteractionOption[]): Promise<{ ok: true; args: Args } | { ok: false; error: string }> {
  const out: Args = {};
  for (const o of options) {
    if (o.type !== ApplicationCommandOptionType.Attachment || !o.attachment) continue;
    const spec = command.options.find((s) => slashName(s.name) === o.name);
    if (!spec) continue;
    const a = o.attachment;
    if (a.size > MAX_IMPORT_BYTES) return { ok: false, error: importTooLarge(a.name, a.size) };
    const res = await fetch(a.url, { signal: AbortSignal.timeout(10_000) }).catch(() => null);
    if (!res?.ok) return { ok: false, error: `Could not download ${a.name} from Discord; please try again.` };
    out[spec.name] = { name: a.name, content: await res.text() };
  }
  return { ok: true, args: out };
}

/** The club's channel: a command in a post's discussion thread acts on the channel the thread hangs off. */
export function whereOf(i: Interaction): Where {
  const ch = i.channel;
  const channel = ch && 'isThread' in ch && ch.isThread() && ch.parentId ? ch.parentId : i.channelId!;
  const name = ch && 'name' in ch && typeof ch.name === 'string' ? ch.name : undefined;
  return { platform: 'discord', workspace: i.guildId!, channel, ...(name ? { channelName: name } : {}) };
}

/** The caller; Manage Server is the platform half of the admin check (the core re-checks). */
export function userOf(i: Interaction): UserRef {
  const m = i.member;
  const displayName = m && 'displayName' in m ? m.displayName : (m?.nick ?? i.user.globalName ?? i.user.username);
  return { userId: i.user.id, displayName, isPlatformAdmin: i.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false };
}

function splitOnce(s: string, sep: string): [string, string?] {
  const at = s.indexOf(sep);
  return at < 0 ? [s] : [s.slice(0, at), s.slice(at + 1)];
}
