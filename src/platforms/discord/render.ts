import { ButtonStyle, ComponentType, MessageFlags, type APIActionRowComponent, type APIButtonComponent, type APIEmbed } from 'discord.js';
import type { Reply, ReplyButton } from '../../commands/types.ts';
import { LIMITS, clip } from './limits.ts';

/** A message as discord.js accepts it for reply, editReply, followUp and channel.send. */
export interface MessagePayload {
  content?: string;
  embeds?: APIEmbed[];
  components?: Array<APIActionRowComponent<APIButtonComponent>>;
  allowedMentions: { parse: []; users?: string[] };
  files?: Array<{ attachment: Buffer; name: string }>;
  flags?: MessageFlags.Ephemeral;
}

const ERROR_COLOR = 0xd9534f;
const COLOR = 0x5865f2;
const STYLES: Record<NonNullable<ReplyButton['style']>, ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Danger> = {
  primary: ButtonStyle.Primary,
  secondary: ButtonStyle.Secondary,
  danger: ButtonStyle.Danger,
};

/** Core reply -> Discord message: an embed when it has a title, fields or long text; plain content otherwise. */
export function renderReply(reply: Reply): MessagePayload {
  const out: MessagePayload = { allowedMentions: { parse: [] } };
  const text = reply.text || (reply.title ? '' : '\u200b');
  const wantsEmbed = Boolean(reply.title || reply.url || reply.fields?.length || text.length > LIMITS.content);
  if (wantsEmbed) {
    out.embeds = [
      fitEmbed({
        title: reply.title,
        url: reply.url,
        description: text || undefined,
        fields: reply.fields?.map((f) => ({ name: f.name, value: f.value, inline: f.inline })),
        color: reply.error ? ERROR_COLOR : COLOR,
        footer: reply.more ? { text: reply.more } : undefined,
      }),
    ];
  } else {
    out.content = clip(reply.more ? `${text}\n_${reply.more}_` : text, LIMITS.content);
  }
  const rows = buttonRows(reply.buttons ?? []);
  if (rows.length) out.components = rows;
  if (reply.file) out.files = [{ attachment: Buffer.from(reply.file.content, 'utf8'), name: reply.file.name }];
  if (reply.private) out.flags = MessageFlags.Ephemeral;
  return out;
}

/** Buttons in rows of five (at most five rows); custom ids longer than Discord allows are dropped, not cut. */
export function buttonRows(buttons: ReplyButton[]): Array<APIActionRowComponent<APIButtonComponent>> {
  const usable = buttons.filter((b) => b.action.length > 0 && b.action.length <= LIMITS.customId);
  const rows: Array<APIActionRowComponent<APIButtonComponent>> = [];
  for (let i = 0; i < usable.length && rows.length < LIMITS.rows; i += LIMITS.buttonsPerRow) {
    rows.push({
      type: ComponentType.ActionRow,
      components: usable.slice(i, i + LIMITS.buttonsPerRow).map((b) => ({
        type: ComponentType.Button,
        custom_id: b.action,
        label: clip(b.label, LIMITS.buttonLabel),
        style: STYLES[b.style ?? 'secondary'],
      })),
    });
  }
  return rows;
}

/** Trims an embed to Discord's per-part limits and its 6,000-character total (description gives way first, then fields). */
export function fitEmbed(embed: APIEmbed): APIEmbed {
  const e: APIEmbed = { ...embed };
  if (e.title !== undefined) e.title = clip(e.title, LIMITS.embedTitle);
  if (e.description !== undefined) e.description = clip(e.description, LIMITS.embedDescription);
  if (e.footer) e.footer = { ...e.footer, text: clip(e.footer.text, LIMITS.footer) };
  if (e.fields) {
    // Empty names or values are rejected by Discord: show a zero-width space instead.
    e.fields = e.fields.slice(0, LIMITS.embedFields).map((f) => ({
      ...f,
      name: clip(f.name || '\u200b', LIMITS.fieldName),
      value: clip(f.value || '\u200b', LIMITS.fieldValue),
    }));
    if (!e.fields.length) delete e.fields;
  }
  for (const k of Object.keys(e) as Array<keyof APIEmbed>) if (e[k] === undefined) delete e[k];
  let over = embedLength(e) - LIMITS.embedTotal;
  if (over > 0 && e.description) {
    e.description = clip(e.description, Math.max(1, e.description.length - over));
    over = embedLength(e) - LIMITS.embedTotal;
  }
  while (over > 0 && e.fields?.length) {
    e.fields = e.fields.slice(0, -1);
    over = embedLength(e) - LIMITS.embedTotal;
  }
  return e;
}

/** The characters Discord counts towards an embed's 6,000 total. */
export function embedLength(e: APIEmbed): number {
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.author?.name.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}
