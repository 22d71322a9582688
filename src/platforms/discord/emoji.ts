import type { Guild } from 'discord.js';
import { emojiChar } from '../../club/emoji.ts';

const CUSTOM = /^<(a?):([\w~-]{2,32}):(\d{17,20})>$/;
const NAME = /^:?([\w~+-]{2,32}):?$/;

/**
 * Makes a read emoji Discord can react with: a unicode emoji (or a name we know, like `white_check_mark`)
 * stays; a custom emoji, given as `<:name:id>`, `<a:name:id>` or `:name:`, must be one of this server's and
 * becomes its exact form (animated ones `<a:name:id>`, as reactions arrive). Otherwise Discord would refuse
 * every reaction with 10014 Unknown Emoji, so the admin is told now.
 */
export function resolveGuildEmoji(guild: Guild | null, text: string): { ok: true; value: string } | { ok: false; error: string } {
  const t = text.trim();
  const custom = CUSTOM.exec(t);
  const byName = custom ? null : NAME.exec(t);
  if (!custom && !byName) return { ok: true, value: t };
  if (byName && emojiChar(t) !== byName[1]) return { ok: true, value: t }; // a known name of a unicode emoji
  const emoji = custom ? guild?.emojis.cache.get(custom[3]!) : guild?.emojis.cache.find((e) => e.name === byName![1]);
  if (!emoji?.id || !emoji.name) {
    const name = custom ? custom[2] : byName![1];
    return { ok: false, error: `This server has no :${name}: emoji I can use. Pick one of the server's emoji (or a standard one like ✅).` };
  }
  return { ok: true, value: `<${emoji.animated ? 'a' : ''}:${emoji.name}:${emoji.id}>` };
}
